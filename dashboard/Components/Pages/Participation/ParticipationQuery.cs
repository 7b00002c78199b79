using ScienceWeek.Dashboard.Charts;
using ScienceWeek.Dashboard.Components.Display;
using ScienceWeek.Dashboard.Values;
using static ScienceWeek.Dashboard.Components.Pages.PageCharts;

namespace ScienceWeek.Dashboard.Components.Pages.Participation;

/// <summary>Participation: offline and online over time, per 10,000 residents, staff composition, per activity.</summary>
public sealed class ParticipationQuery(Catalogue catalogue, RegionValues regionValues, LikeForLikeValues likeForLike)
    : AnalysisQuery(catalogue, regionValues, likeForLike)
{
    private static readonly (string Code, string Name)[] staff =
        [("staff_fulltime", "科普专职人员"), ("staff_scientists", "科技工作者"), ("staff_volunteers", "科技志愿者"), ("staff_other", "其他人员")];

    private static readonly (string Code, string Name, bool Offline)[] channelList =
        [("participants_offline", "线下", true), ("participants_online", "线上", false)];

    private static readonly (string Dark, string Light)[] pairs =
        [("#1f5fbf", "#93b5ea"), ("#e8873a", "#f5c6a0"), ("#2a9d8f", "#9bd3cb"), ("#c44e52", "#e7a9ab"), ("#8064a2", "#c5b6d8"), ("#d4a72c", "#ecd597")];

    protected override async Task<IReadOnlyList<ChartData>> ChartsAsync(Scope scope, Comparison switches, CancellationToken cancellationToken)
    {
        var year = scope.Year!.Value;
        var vs = scope.Vs ?? year - 1;
        var years = scope.TrendYears;
        string[] measures = ["participants_total", "participants_offline", "participants_online", "activities", .. staff.Select(s => s.Code), "staff_total"];
        var values = new ValueSet(await RegionValues.QueryAsync(new RegionValueQuery(measures, [.. years.Append(vs).Distinct()], scope.Codes), cancellationToken));
        var compared = await CompareAsync(scope, switches, values, measures, cancellationToken);
        var shown = switches.YearBefore ? new[] { vs, year } : [year];
        var regions = scope.Regions;

        // Over the years each region keeps one hue: offline in the full colour, online in its lighter tint.
        var channelTrend = new ChartData("线下与线上参与人次（近五年）", "人次", "年份",
            [.. years.Select(y => $"{y}年")],
            [.. regions.SelectMany((r, i) => channelList.SelectMany(c => OverYearsColumns(
                new ChartSeries($"{r.ShortName}·{c.Name}", [.. years.Select(y => values.Cell(r.Code, y, c.Code))], r.Code) { Color = c.Offline ? pairs[i % pairs.Length].Dark : pairs[i % pairs.Length].Light },
                r, years, y => values.Cell(r.Code, y, c.Code), "人次", ValueFormat.Count, switches)))])
        {
            DownloadQuery = Query([.. channelList.Select(c => c.Code)], years, scope),
            Height = 360,
            Note = OverYearsNote(switches),
        };

        // The year's channels by region: the comparison year, like for like and per capita as every chart by region.
        var channels = ByRegion($"{year}年线下与线上参与人次", "人次", regions, compared,
            [.. channelList.Select(c => (c.Name, (Func<ValueSet, Region, int, ChartCell>)((v, r, y) => v.Cell(r.Code, y, c.Code))))], stack: "参与")
            with { DownloadQuery = Query([.. channelList.Select(c => c.Code)], shown, scope) };

        var perResidents = ByRegion($"{year}年每万人参与人次", "人次/万人", regions, compared,
            [("每万人参与", (v, r, y) => PerPopulation(v, r, y, "participants_total", "群众参与合计 × 10000 ÷ 常住人口"))],
            format: ValueFormat.Plain)
            with { DownloadQuery = Query(["participants_total"], shown, scope) };
        perResidents = perResidents.AddingNote(CensusNote);

        var staffing = ByRegion($"{year}年科普工作人员构成", "人次", regions, compared,
            [.. staff.Select(s => (s.Name, (Func<ValueSet, Region, int, ChartCell>)((v, r, y) => v.Cell(r.Code, y, s.Code))))], stack: "人员")
            with { DownloadQuery = Query([.. staff.Select(s => s.Code)], shown, scope) };

        var perActivity = ByRegion($"{year}年场均参与人次", "人次/次", regions, compared,
            [("场均参与", (v, r, y) => v.Ratio(r.Code, y, "participants_total", "activities", 1m, "群众参与合计 ÷ 活动次数"))],
            format: ValueFormat.Plain)
            with { DownloadQuery = Query(["participants_total", "activities"], shown, scope) };

        var total = OverYears("群众参与合计（近五年）", "人次", regions, years, (r, y) => values.Cell(r.Code, y, "participants_total"), switches: switches)
            with { DownloadQuery = Query(["participants_total"], years, scope) };

        return [channelTrend, channels, perResidents, staffing, perActivity, total];
    }
}
