using ScienceWeek.Dashboard.Values;

namespace ScienceWeek.Dashboard.Components.Pages;

/// <summary>
/// The comparison switches every page shares (<see cref="Display.ComparisonSwitches"/>): the comparison year beside the year
/// in every chart and table of values (prev=1), like for like (lfl=1), per 10,000 residents (per=capita).
/// </summary>
public sealed record Comparison(bool YearBefore, bool LikeForLike, bool PerCapita);

/// <summary>
/// A page's year and the year it is compared with, its values (<see cref="All"/>, every unit) and the values the two
/// years are compared by (<see cref="Compared"/>: the same, or like for like when asked).
/// </summary>
public sealed record YearComparison(Comparison Switches, int Year, int Before, ValueSet All, ValueSet Compared)
{
    /// <summary>
    /// The comparison of <paramref name="year"/> with <paramref name="before"/> over these values: with lfl=1 the like-for-like
    /// values of the regions and measures, read once by <see cref="LikeForLikeValues"/>, the one implementation.
    /// </summary>
    public static async Task<YearComparison> ReadAsync(LikeForLikeValues likeForLike, Comparison switches, int year, int before, ValueSet all,
        IReadOnlyCollection<string> regions, IReadOnlyCollection<string> measures, CancellationToken cancellationToken)
    {
        if (!switches.LikeForLike || before == year || regions.Count == 0)
        {
            return new YearComparison(switches, year, before, all, all);
        }
        var rows = await likeForLike.ReadAsync(regions, before, year, measures, cancellationToken);
        return new YearComparison(switches, year, before, all, all.KeepingUnitsInBoth(rows, before, year))
        {
            KeptMeasure = measures.First(),
        };
    }

    /// <summary>No comparison beyond what a chart always shows.</summary>
    public static YearComparison None(int year, int before, ValueSet all) => new(new Comparison(false, false, false), year, before, all, all);

    private string? KeptMeasure { get; init; }

    /// <summary>How many units the like-for-like comparison kept of each region (null when it is not like for like).</summary>
    public string? KeptText(IEnumerable<Region> regions) => KeptMeasure is { } measure ? Compared.KeptText(regions, measure) : null;
}
