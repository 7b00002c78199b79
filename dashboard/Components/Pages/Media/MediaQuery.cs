using ScienceWeek.Dashboard.Charts;
using ScienceWeek.Dashboard.Components.Display;
using ScienceWeek.Dashboard.Values;
using static ScienceWeek.Dashboard.Components.Pages.PageCharts;

namespace ScienceWeek.Dashboard.Components.Pages.Media;

/// <summary>Media reach: outlets and reports per region over time, reports per activity.</summary>
public sealed class MediaQuery(Catalogue catalogue, RegionValues regionValues, LikeForLikeValues likeForLike)
    : AnalysisQuery(catalogue, regionValues, likeForLike)
{
    protected override async Task<IReadOnlyList<ChartData>> ChartsAsync(Scope scope, Comparison switches, CancellationToken cancellationToken)
    {
        var year = scope.Year!.Value;
        var vs = scope.Vs ?? year - 1;
        var years = scope.TrendYears;
        string[] measures = ["media_outlets", "media_reports", "activities"];
        var values = new ValueSet(await RegionValues.QueryAsync(new RegionValueQuery(measures, [.. years.Append(vs).Distinct()], scope.Codes), cancellationToken));
        var compared = await CompareAsync(scope, switches, values, measures, cancellationToken);
        var shown = switches.YearBefore ? new[] { vs, year } : [year];
        var regions = scope.Regions;

        var outlets = OverYears("参与媒体数量（近五年）", "家", regions, years, (r, y) => values.Cell(r.Code, y, "media_outlets"), switches: switches)
            with { DownloadQuery = Query(["media_outlets"], years, scope) };
        var reports = OverYears("宣传报道数量（近五年）", "篇", regions, years, (r, y) => values.Cell(r.Code, y, "media_reports"), switches: switches)
            with { DownloadQuery = Query(["media_reports"], years, scope) };
        var perActivity = ByRegion($"{year}年场均报道", "篇/次", regions, compared,
            [("场均报道", (v, r, y) => v.Ratio(r.Code, y, "media_reports", "activities", 1m, "宣传报道数量 ÷ 活动次数"))],
            format: ValueFormat.Plain)
            with { DownloadQuery = Query(["media_reports", "activities"], shown, scope) };
        var perOutlet = ByRegion($"{year}年每家媒体报道", "篇/家", regions, compared,
            [("每家媒体报道", (v, r, y) => v.Ratio(r.Code, y, "media_reports", "media_outlets", 1m, "宣传报道数量 ÷ 参与媒体数量"))],
            format: ValueFormat.Plain)
            with { DownloadQuery = Query(["media_reports", "media_outlets"], shown, scope) };
        return [outlets, reports, perActivity, perOutlet];
    }
}
