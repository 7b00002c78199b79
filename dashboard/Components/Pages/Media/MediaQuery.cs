using ScienceWeek.Dashboard.Charts;
using ScienceWeek.Dashboard.Components.Display;
using ScienceWeek.Dashboard.Values;
using static ScienceWeek.Dashboard.Components.Pages.PageCharts;

namespace ScienceWeek.Dashboard.Components.Pages.Media;

/// <summary>Media reach: outlets and reports per region over time, reports per activity.</summary>
public sealed class MediaQuery(Catalogue catalogue, RegionValues regionValues) : AnalysisQuery(catalogue, regionValues)
{
    protected override async Task<IReadOnlyList<ChartData>> ChartsAsync(Scope scope, CancellationToken cancellationToken)
    {
        var year = scope.Year!.Value;
        var years = scope.TrendYears;
        var values = new ValueSet(await RegionValues.QueryAsync(
            new RegionValueQuery(["media_outlets", "media_reports", "activities"], years, scope.Codes), cancellationToken));
        var regions = scope.Regions;

        var outlets = OverYears("参与媒体数量（近五年）", "家", regions, years, (r, y) => values.Cell(r.Code, y, "media_outlets"))
            with { DownloadQuery = Query(["media_outlets"], years, scope) };
        var reports = OverYears("宣传报道数量（近五年）", "篇", regions, years, (r, y) => values.Cell(r.Code, y, "media_reports"))
            with { DownloadQuery = Query(["media_reports"], years, scope) };
        var perActivity = ByRegion($"{year}年场均报道", "篇/次", regions, year,
            [("场均报道", r => values.Ratio(r.Code, year, "media_reports", "activities", 1m, "宣传报道数量 ÷ 活动次数"))],
            format: ValueFormat.Plain)
            with { DownloadQuery = Query(["media_reports", "activities"], [year], scope) };
        var perOutlet = ByRegion($"{year}年每家媒体报道", "篇/家", regions, year,
            [("每家媒体报道", r => values.Ratio(r.Code, year, "media_reports", "media_outlets", 1m, "宣传报道数量 ÷ 参与媒体数量"))],
            format: ValueFormat.Plain)
            with { DownloadQuery = Query(["media_reports", "media_outlets"], [year], scope) };
        return [outlets, reports, perActivity, perOutlet];
    }
}
