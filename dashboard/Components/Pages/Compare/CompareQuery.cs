using ScienceWeek.Dashboard.Charts;
using ScienceWeek.Dashboard.Components.Display;
using ScienceWeek.Dashboard.Values;
using Measure = ScienceWeek.Dashboard.Values.Measure;
using Region = ScienceWeek.Dashboard.Values.Region;

namespace ScienceWeek.Dashboard.Components.Pages.Compare;

/// <summary>
/// The like-for-like values of some regions in two years, read once and shown the same way by the compare page's
/// chart and table and by its downloads (/download/like-for-like.*).
/// </summary>
public sealed class LikeForLike(IEnumerable<LikeForLikeRow> rows, int from, int to)
{
    // The rows of one measure.
    private readonly Dictionary<(string Region, int Year), LikeForLikeRow> index = rows.ToDictionary(r => (r.Region, r.Year));

    public int From => from;

    public int To => to;

    /// <summary>The region's row in a year, when some unit reported in both years.</summary>
    public LikeForLikeRow? Row(string region, int year) =>
        index.TryGetValue((region, year), out var row) && row.Units > 0 ? row : null;

    /// <summary>How many units the like-for-like value of the year sums (those that reported in both years).</summary>
    public int Units(string region, int year) => index.TryGetValue((region, year), out var row) ? row.Units : 0;

    /// <summary>How many units made up the region's value in the year.</summary>
    public int AllUnits(string region, int year) => index.TryGetValue((region, year), out var row) ? row.AllUnits : 0;

    public ChartCell Cell(Region region, int year) => Row(region.Code, year) is { } row
        ? new ChartCell(row.Value, null, $"同口径：{row.Units}/{row.AllUnits} 个单位的报表之和（两年都报送的单位）")
        : new ChartCell(null, null, $"{region.Name}在{from}年和{to}年没有共同报送的单位");

    /// <summary>The like-for-like change from the first year to the second, as a share (0.4 = +40%).</summary>
    public ChartCell Change(Region region) =>
        Cell(region, from).Value is { } a && Cell(region, to).Value is { } b && a != 0
            ? new ChartCell((b - a) / a, null, "同口径增幅")
            : new ChartCell(null, null, "无法计算同口径增幅");
}

/// <summary>What the compare page shows: its scope, measure, first year, whether like for like, and its charts (null without data).</summary>
public sealed record CompareView(Scope Scope, Measure Measure, int From, Comparison Comparison, ChartData? Lines, ChartData? LikeForLike);

/// <summary>The compare page's numbers, and the like-for-like comparison of two years over mart_region_form (see warehouse/Sql/004_dashboard.sql).</summary>
public sealed class CompareQuery(Catalogue catalogue, RegionValues regionValues, LikeForLikeValues likeForLikeValues)
{
    /// <summary>The measure compared when the address names none (or an unknown one).</summary>
    public const string DefaultMeasure = "funding_total";

    /// <summary>
    /// The scope's regions from the year <c>from</c> (the first year with data by default) to the chosen year, and with
    /// lfl=1 the like-for-like comparison of the comparison year and the chosen year.
    /// </summary>
    public async Task<CompareView> ReadAsync(PageRequest request, CancellationToken cancellationToken = default)
    {
        var scope = await Scope.ResolveAsync(catalogue, regionValues, request.Year, request.Vs, request.Regions, cancellationToken);
        var measure = scope.Catalogue.Measure(request.Measure) ?? scope.Catalogue.Measure(DefaultMeasure)!;
        if (scope.Year is not { } year || scope.Regions.Count == 0)
        {
            return new CompareView(scope, measure, 0, request.Comparison, null, null);
        }
        var from = Math.Min(Scope.ParseYear(request.FromYear) ?? (scope.YearsWithData.Count > 0 ? scope.YearsWithData.Min() : year), year);
        var years = Enumerable.Range(from, year - from + 1).ToArray();
        var format = measure.IsMoney ? ValueFormat.Money : ValueFormat.Count;
        var values = new ValueSet(await regionValues.QueryAsync(new RegionValueQuery([measure.Code], years, scope.Codes), cancellationToken));
        var lines = PageCharts.OverYears($"{measure.NameZh}（{from}—{year}年）", measure.UnitZh, scope.Regions, years,
            (r, y) => values.Cell(r.Code, y, measure.Code), format, request.Comparison)
            with { DownloadQuery = PageCharts.Query([measure.Code], years, scope) };
        if (!request.IsLikeForLike || scope.Vs is not { } vs || vs == year)
        {
            return new CompareView(scope, measure, from, request.Comparison, lines, null);
        }
        var lfl = await LikeForLikeAsync(scope.Codes, vs, year, measure.Code, cancellationToken);
        var regions = scope.Regions;
        var before = regions.Select(r => lfl.Cell(r, vs)).ToList();
        var after = regions.Select(r => lfl.Cell(r, year)).ToList();
        var changes = PageCharts.Changes("同口径增减", after, before, format);
        List<ChartSeries> series =
        [
            new ChartSeries($"{vs}年（同口径）", before),
            new ChartSeries($"{year}年（同口径）", after),
            .. changes,
            new ChartSeries($"{year}年（全部）", [.. regions.Select(r => values.Cell(r.Code, year, measure.Code))]) { TableOnly = true },
        ];
        if (request.Comparison.PerCapita && format is ValueFormat.Count or ValueFormat.Money)
        {
            series.Add(PageCharts.PerTenThousandColumn($"{vs}年（同口径）每万人", measure.UnitZh, regions.Zip(before)));
            series.Add(PageCharts.PerTenThousandColumn($"{year}年（同口径）每万人", measure.UnitZh, regions.Zip(after)));
        }
        var chart = new ChartData($"同口径对比：{measure.NameZh}，{vs}年与{year}年", measure.UnitZh, "地区",
            [.. regions.Select(r => r.Name)], series)
        {
            Format = format,
            CategoryLinks = [.. regions.Select(r => $"/region/{r.Code}?year={year}")],
            DownloadFile = "like-for-like",
            // The years in this order: the change runs from the first to the second.
            DownloadQuery = $"measures={measure.Code}&years={vs},{year}&regions={scope.RegionQuery}",
            Note = "同口径只比较两个年份都有报表的单位：本级两年都自报时为本级报表，否则为两年都报送的下级单位报表之和。",
        };
        return new CompareView(scope, measure, from, request.Comparison, lines, chart);
    }

    /// <summary>The like-for-like values of one measure (see <see cref="LikeForLikeValues"/>).</summary>
    public async Task<LikeForLike> LikeForLikeAsync(
        IReadOnlyCollection<string> regions, int from, int to, string measure, CancellationToken cancellationToken = default) =>
        new(await likeForLikeValues.ReadAsync(regions, from, to, [measure], cancellationToken), from, to);
}
