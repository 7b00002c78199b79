using ScienceWeek.Dashboard.Values;

namespace ScienceWeek.Dashboard.Components.Display;

/// <summary>
/// What a page shows, from its query string: the year (latest with data by default), the comparison year
/// (the year before), and the regions (Lanzhou, Taiyuan and Jining by default).
/// </summary>
public sealed record Scope(
    int? Year,
    int? Vs,
    IReadOnlyList<Region> Regions,
    IReadOnlyList<int> YearsWithData,
    IReadOnlyList<string> UnknownCodes,
    Catalogue.Snapshot Catalogue)
{
    public static readonly string[] DefaultRegions = ["620100", "140100", "370800"];

    public IReadOnlyList<string> Codes => [.. Regions.Select(r => r.Code)];

    public bool HasData => Year is not null;

    /// <summary>The years of the trend: up to five years ending with the chosen one.</summary>
    public IReadOnlyList<int> TrendYears => Year is { } y ? [.. Enumerable.Range(y - 4, 5)] : [];

    /// <summary>Regions that can be added up without double counting: those whose ancestor is not also chosen.</summary>
    public IReadOnlyList<Region> Disjoint => [.. Regions.Where(r => !Catalogue.PathTo(r.Code).SkipLast(1).Any(a => Regions.Any(o => o.Code == a.Code)))];

    public string RegionQuery => string.Join(',', Codes);

    /// <summary>The part of a URL that keeps this scope: year=2024&amp;vs=2023&amp;regions=620100,140100.</summary>
    public string Query(int? year = null) =>
        $"year={year ?? Year}&vs={Vs}&regions={Uri.EscapeDataString(RegionQuery)}";

    /// <summary>A year from a hand-edited URL, or nothing.</summary>
    public static int? ParseYear(string? text) => Warehouse.Model.ScienceWeekYears.Parse(text);

    public static Task<Scope> ResolveAsync(Catalogue catalogue, RegionValues values, string? year, string? vs, string[]? regions, CancellationToken cancellationToken = default) =>
        ResolveAsync(catalogue, values, ParseYear(year), ParseYear(vs), regions, cancellationToken);

    public static async Task<Scope> ResolveAsync(Catalogue catalogue, RegionValues values, int? year, int? vs, string[]? regions, CancellationToken cancellationToken = default)
    {
        var snapshot = await catalogue.GetAsync(cancellationToken);
        var years = await values.YearsAsync(cancellationToken);
        var codes = SplitCodes(regions);
        if (codes.Count == 0)
        {
            codes = [.. DefaultRegions];
        }
        // A code, or a name typed into the picker that names exactly one region (榆中县; 朝阳区 is ambiguous).
        Region? Find(string c) => snapshot.Region(c) ?? RegionSearch.ByUniqueName(snapshot, c);
        var chosen = codes.Select(Find).OfType<Region>().DistinctBy(r => r.Code).ToList();
        var unknown = codes.Where(c => Find(c) is null).ToList();
        int? chosenYear = year ?? (years.Count > 0 ? years[0] : null);
        int? chosenVs = vs ?? chosenYear - 1;
        return new Scope(chosenYear, chosenVs, chosen, years, unknown, snapshot);
    }

    public static List<string> SplitCodes(string[]? values) =>
        (values ?? []).SelectMany(v => (v ?? "").Split([',', ' ', '、', '，', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Distinct(StringComparer.OrdinalIgnoreCase).ToList();
}
