using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ScienceWeek.Dashboard.Data;

public static class DashboardData
{
    /// <summary>The shared read side: the region/measure catalogue and the one value query.</summary>
    public static IServiceCollection AddDashboardData(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<Catalogue>();
        services.AddSingleton<RegionValues>();
        services.AddSingleton<Components.Pages.Regions.RegionQuery>();
        services.AddSingleton<Components.Pages.Compare.CompareQuery>();
        services.AddSingleton<Components.Maps.MapFiles>();
        services.AddSingleton<Components.Maps.MapQuery>();
        return services;
    }
}
