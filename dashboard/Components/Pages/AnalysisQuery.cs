using ScienceWeek.Dashboard.Charts;
using ScienceWeek.Dashboard.Components.Display;
using ScienceWeek.Dashboard.Values;

namespace ScienceWeek.Dashboard.Components.Pages;

/// <summary>What an analysis page (funding, participation, media) shows: its scope and its charts (none without data).</summary>
public sealed record AnalysisView(Scope Scope, IReadOnlyList<ChartData> Charts);

/// <summary>The query of an analysis page: the scope its address asks for, then the page's charts of that scope.</summary>
public abstract class AnalysisQuery(Catalogue catalogue, RegionValues regionValues)
{
    protected RegionValues RegionValues => regionValues;

    public async Task<AnalysisView> ReadAsync(PageRequest request, CancellationToken cancellationToken = default)
    {
        var scope = await Scope.ResolveAsync(catalogue, regionValues, request.Year, request.Vs, request.Regions, cancellationToken);
        return new AnalysisView(scope, scope.HasData && scope.Regions.Count > 0 ? await ChartsAsync(scope, cancellationToken) : []);
    }

    /// <summary>The charts of a scope with a year and at least one region.</summary>
    protected abstract Task<IReadOnlyList<ChartData>> ChartsAsync(Scope scope, CancellationToken cancellationToken);
}
