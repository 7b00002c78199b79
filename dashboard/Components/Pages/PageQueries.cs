using ScienceWeek.Dashboard.Components.Maps;
using ScienceWeek.Dashboard.Components.Pages.Compare;
using ScienceWeek.Dashboard.Components.Pages.Funding;
using ScienceWeek.Dashboard.Components.Pages.Media;
using ScienceWeek.Dashboard.Components.Pages.Overview;
using ScienceWeek.Dashboard.Components.Pages.Participation;
using ScienceWeek.Dashboard.Components.Pages.Regions;

namespace ScienceWeek.Dashboard.Components.Pages;

public static class PageQueries
{
    /// <summary>Each page's query (beside its page, called by the page with its <see cref="PageRequest"/>), and the maps' boundary files and query.</summary>
    public static IServiceCollection AddPageQueries(this IServiceCollection services)
    {
        services.AddSingleton<OverviewQuery>();
        services.AddSingleton<FundingQuery>();
        services.AddSingleton<ParticipationQuery>();
        services.AddSingleton<MediaQuery>();
        services.AddSingleton<CompareQuery>();
        services.AddSingleton<RegionQuery>();
        services.AddSingleton<MapFiles>();
        services.AddSingleton<MapQuery>();
        return services;
    }
}
