using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ScienceWeek.Dashboard.Values;

public static class ValuesSetup
{
    /// <summary>The shared read side: the region/measure catalogue the one value query and its like-for-like reading.</summary>
    public static IServiceCollection AddValues(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<Catalogue>();
        services.AddSingleton<RegionValues>();
        services.AddSingleton<LikeForLikeValues>();
        return services;
    }
}
