using ScienceWeek.Dashboard.Charts;
using ScienceWeek.Dashboard.Components.Display;
using ScienceWeek.Dashboard.Components.Maps;
using ScienceWeek.Dashboard.Values;

namespace ScienceWeek.Dashboard.Components.Pages.Overview;

/// <summary>What the overview shows: its scope, the measure of the trend, ranking and map, and their numbers (null without data).</summary>
/// <remarks><see cref="Compared"/> are the values the KPI cards compare the years by (like for like with lfl=1).</remarks>
public sealed record OverviewView(Scope Scope, Measure Measure, MapBasis MapBasis, Comparison Comparison, ValueSet Values, ValueSet Compared,
    ChartData? Trend, ChartData? Ranking)
{
    public bool HasCharts => Trend is not null;
}

/// <summary>The overview's numbers: KPI measures for the year and comparison year, and the trend of one measure.</summary>
public sealed class OverviewQuery(Catalogue catalogue, RegionValues regionValues, LikeForLikeValues likeForLike)
{
    public static readonly string[] KpiMeasures =
        ["activities", "funding_total", "participants_total", "media_reports", "venues_opened", "institutions_opened", "universities_opened"];

    /// <summary>The measure shown when the address names none (or an unknown one).</summary>
    public const string DefaultMeasure = "funding_total";

    public async Task<OverviewView> ReadAsync(PageRequest request, CancellationToken cancellationToken = default)
    {
        var scope = await Scope.ResolveAsync(catalogue, regionValues, request.Year, request.Vs, request.Regions, cancellationToken);
        var measure = scope.Catalogue.Measure(request.Measure) ?? scope.Catalogue.Measure(DefaultMeasure)!;
        var basis = MapQuery.ParseBasis(request.Per);
        if (!scope.HasData || scope.Regions.Count == 0)
        {
            return new OverviewView(scope, measure, basis, request.Comparison, new ValueSet([]), new ValueSet([]), null, null);
        }
        var year = scope.Year!.Value;
        var years = scope.TrendYears.Append(scope.Vs ?? year - 1).Distinct().ToArray();
        string[] measures = [.. KpiMeasures.Append(measure.Code).Distinct()];
        var values = new ValueSet(await regionValues.QueryAsync(new RegionValueQuery(measures, years, scope.Codes), cancellationToken));
        var format = measure.IsMoney ? ValueFormat.Money : ValueFormat.Count;
        var switches = request.Comparison;
        var before = scope.Vs is { } vs && vs != year ? vs : year - 1;
        var compared = await YearComparison.ReadAsync(likeForLike, switches, year, before, values, scope.Codes, measures, cancellationToken);

        var trendYears = scope.TrendYears;
        var trend = PageCharts.OverYears($"{measure.NameZh}：近五年趋势", measure.UnitZh, scope.Regions, trendYears,
            (r, y) => values.Cell(r.Code, y, measure.Code), format, switches)
            with { DownloadQuery = $"measures={measure.Code}&years={string.Join(',', trendYears)}&regions={scope.RegionQuery}" };

        var ranked = scope.Regions.OrderByDescending(r => values.Value(r.Code, year, measure.Code) ?? decimal.MinValue).ToList();
        var series = PageCharts.YearAndBefore(ranked, compared, (v, r, y) => v.Cell(r.Code, y, measure.Code), format, measure.UnitZh);
        var ranking = new ChartData(
            $"{measure.NameZh}：{year}年地区排名", measure.UnitZh, "地区",
            [.. ranked.Select(r => r.Name)], series)
        {
            Horizontal = true,
            Format = format,
            CategoryLinks = [.. ranked.Select(r => $"/region/{r.Code}?year={year}")],
            DownloadQuery = $"measures={measure.Code}&years={before},{year}&regions={scope.RegionQuery}",
            Height = Math.Max(200, 60 + (switches.YearBefore ? 52 : 36) * ranked.Count),
            Note = compared.KeptText(ranked),
        };
        return new OverviewView(scope, measure, basis, switches, values, compared.Compared, trend, ranking);
    }
}
