using ScienceWeek.Dashboard.Charts;
using ScienceWeek.Dashboard.Components.Display;
using ScienceWeek.Dashboard.Components.Maps;
using ScienceWeek.Dashboard.Values;

namespace ScienceWeek.Dashboard.Components.Pages.Overview;

/// <summary>What the overview shows: its scope, the measure of the trend, ranking and map, and their numbers (null without data).</summary>
public sealed record OverviewView(Scope Scope, Measure Measure, MapBasis MapBasis, ValueSet Values, ChartData? Trend, ChartData? Ranking)
{
    public bool HasCharts => Trend is not null;
}

/// <summary>The overview's numbers: KPI measures for the year and comparison year, and the trend of one measure.</summary>
public sealed class OverviewQuery(Catalogue catalogue, RegionValues regionValues)
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
            return new OverviewView(scope, measure, basis, new ValueSet([]), null, null);
        }
        var year = scope.Year!.Value;
        var years = scope.TrendYears.Append(scope.Vs ?? year - 1).Distinct().ToArray();
        var rows = await regionValues.QueryAsync(
            new RegionValueQuery([.. KpiMeasures.Append(measure.Code).Distinct()], years, scope.Codes), cancellationToken);
        var values = new ValueSet(rows);
        var format = measure.IsMoney ? ValueFormat.Money : ValueFormat.Count;

        var trendYears = scope.TrendYears;
        var trend = new ChartData(
            $"{measure.NameZh}：近五年趋势", measure.UnitZh, "年份",
            [.. trendYears.Select(y => $"{y}年")],
            [.. scope.Regions.Select(r => new ChartSeries(r.ShortName, [.. trendYears.Select(y => values.Cell(r.Code, y, measure.Code))]))])
        {
            Kind = "line",
            Format = format,
            DownloadQuery = $"measures={measure.Code}&years={string.Join(',', trendYears)}&regions={scope.RegionQuery}",
        };

        var ranked = scope.Regions.OrderByDescending(r => values.Value(r.Code, year, measure.Code) ?? decimal.MinValue).ToList();
        var before = scope.Vs is { } vs && vs != year ? vs : year - 1;
        var ranking = new ChartData(
            $"{measure.NameZh}：{year}年地区排名", measure.UnitZh, "地区",
            [.. ranked.Select(r => r.Name)],
            PageCharts.YearAndBefore(ranked, year, before, (r, y) => values.Cell(r.Code, y, measure.Code), format))
        {
            Horizontal = true,
            Format = format,
            CategoryLinks = [.. ranked.Select(r => $"/region/{r.Code}?year={year}")],
            DownloadQuery = $"measures={measure.Code}&years={before},{year}&regions={scope.RegionQuery}",
            Height = Math.Max(200, 60 + 36 * ranked.Count),
        };
        return new OverviewView(scope, measure, basis, values, trend, ranking);
    }
}
