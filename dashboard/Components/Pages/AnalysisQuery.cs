using ScienceWeek.Dashboard.Charts;
using ScienceWeek.Dashboard.Components.Display;
using ScienceWeek.Dashboard.Values;

namespace ScienceWeek.Dashboard.Components.Pages;

/// <summary>What an analysis page (funding, participation, media) shows: its scope and its charts (none without data).</summary>
public sealed record AnalysisView(Scope Scope, Comparison Comparison, IReadOnlyList<ChartData> Charts);

/// <summary>The query of an analysis page: the scope its address asks for, then the page's charts of that scope.</summary>
public abstract class AnalysisQuery(Catalogue catalogue, RegionValues regionValues, LikeForLikeValues likeForLike)
{
    protected RegionValues RegionValues => regionValues;

    public async Task<AnalysisView> ReadAsync(PageRequest request, CancellationToken cancellationToken = default)
    {
        var scope = await Scope.ResolveAsync(catalogue, regionValues, request.Year, request.Vs, request.Regions, cancellationToken);
        var comparison = request.Comparison;
        return new AnalysisView(scope, comparison,
            scope.HasData && scope.Regions.Count > 0 ? await ChartsAsync(scope, comparison, cancellationToken) : []);
    }

    /// <summary>The charts of a scope with a year and at least one region.</summary>
    protected abstract Task<IReadOnlyList<ChartData>> ChartsAsync(Scope scope, Comparison switches, CancellationToken cancellationToken);

    /// <summary>The scope's year compared with its comparison year over <paramref name="values"/> (like for like in <paramref name="measures"/> when asked).</summary>
    protected Task<YearComparison> CompareAsync(Scope scope, Comparison switches, ValueSet values, IReadOnlyCollection<string> measures,
        CancellationToken cancellationToken) =>
        YearComparison.ReadAsync(likeForLike, switches, scope.Year!.Value, scope.Vs ?? scope.Year!.Value - 1, values, scope.Codes, measures, cancellationToken);
}
