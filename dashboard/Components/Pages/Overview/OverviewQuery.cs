using ScienceWeek.Dashboard.Charts;
using ScienceWeek.Dashboard.Components.Display;
using ScienceWeek.Dashboard.Data;

namespace ScienceWeek.Dashboard.Components.Pages.Overview;

/// <summary>The overview's numbers: KPI measures for the year and comparison year, and the trend of one measure.</summary>
public static class OverviewQuery
{
    public static readonly string[] KpiMeasures =
        ["activities", "funding_total", "participants_total", "media_reports", "venues_opened", "institutions_opened", "universities_opened"];

    public sealed record Result(ValueSet Values, ChartData Trend, ChartData Ranking);

    public static async Task<Result> ReadAsync(RegionValues regionValues, Scope scope, Measure measure, CancellationToken cancellationToken = default)
    {
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
        return new Result(values, trend, ranking);
    }
}
