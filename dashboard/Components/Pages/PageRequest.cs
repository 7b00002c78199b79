namespace ScienceWeek.Dashboard.Components.Pages;

/// <summary>
/// What an analysis page's address asks for, read from its query string in this one place, by the page and by the
/// benchmark that replays the page's query. Values stay as typed (they come from hand-edited URLs): what a missing or
/// unreadable one means is decided by the page's query, once.
/// </summary>
public sealed record PageRequest(
    string? Year = null,
    string? Vs = null,
    string[]? Regions = null,
    string? Measure = null,
    string? Per = null,
    string? FromYear = null,
    string? LikeForLike = null,
    string? YearBefore = null)
{
    /// <summary>The parameters of a page's query string (several <c>regions</c> allowed; of the others the last counts).</summary>
    public static PageRequest FromQuery(IQueryCollection query) => new(
        Last(query, "year"), Last(query, "vs"),
        query.TryGetValue("regions", out var regions) ? [.. regions.OfType<string>()] : null,
        Last(query, "measure"), Last(query, "per"), Last(query, "from"), Last(query, "lfl"), Last(query, "prev"));

    /// <summary>lfl=1: compare years like for like (only the units that reported in both).</summary>
    public bool IsLikeForLike => IsOn(LikeForLike);

    /// <summary>The comparison switches: prev=1, lfl=1, per=capita.</summary>
    public Comparison Comparison => new(IsOn(YearBefore), IsLikeForLike, Per == "capita");

    private static bool IsOn(string? value) => value is "1" or "true" or "on";

    private static string? Last(IQueryCollection query, string name) =>
        query.TryGetValue(name, out var values) && values.Count > 0 ? values[^1] : null;
}
