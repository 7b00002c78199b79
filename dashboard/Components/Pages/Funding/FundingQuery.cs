using ScienceWeek.Dashboard.Charts;
using ScienceWeek.Dashboard.Components.Display;
using ScienceWeek.Dashboard.Values;
using static ScienceWeek.Dashboard.Components.Pages.PageCharts;

namespace ScienceWeek.Dashboard.Components.Pages.Funding;

/// <summary>Funding: by source, fiscal share, enterprise funding and its share over time, per resident and per activity.</summary>
public sealed class FundingQuery(Catalogue catalogue, RegionValues regionValues, LikeForLikeValues likeForLike)
    : AnalysisQuery(catalogue, regionValues, likeForLike)
{
    private static readonly (string Code, string Name)[] sources =
    [
        ("funding_central", "中央财政"), ("funding_provincial", "省级财政"), ("funding_municipal", "市级财政"), ("funding_county", "县级财政"),
        ("funding_enterprise", "企业赞助"), ("funding_in_kind", "实物投入"), ("funding_other", "其他"),
    ];

    protected override async Task<IReadOnlyList<ChartData>> ChartsAsync(Scope scope, Comparison switches, CancellationToken cancellationToken)
    {
        var year = scope.Year!.Value;
        var vs = scope.Vs ?? year - 1;
        var years = scope.TrendYears.Append(vs).Distinct().ToArray();
        string[] measures = [.. sources.Select(s => s.Code), "funding_total", "funding_fiscal", "funding_nonfiscal", "activities"];
        var values = new ValueSet(await RegionValues.QueryAsync(new RegionValueQuery(measures, years, scope.Codes), cancellationToken));
        var compared = await CompareAsync(scope, switches, values, measures, cancellationToken);
        var shown = switches.YearBefore ? new[] { vs, year } : [year];
        var regions = scope.Regions;

        var bySource = ByRegion($"{year}年经费来源构成", "万元", regions, compared,
            [.. sources.Select(s => (s.Name, (Func<ValueSet, Region, int, ChartCell>)((v, r, y) => v.Cell(r.Code, y, s.Code))))],
            stack: "经费", format: ValueFormat.Money)
            with { DownloadQuery = Query([.. sources.Select(s => s.Code)], shown, scope) };

        // This chart always compares the two years: like for like when asked, each year per capita when asked.
        var pair = compared.Compared;
        var like = pair.IsLikeForLike ? "（同口径）" : "";
        var enterprise = ByRegion($"企业赞助经费：{year}年与{vs}年", "万元", regions,
            YearComparison.None(year, vs, values) with { Switches = switches with { YearBefore = false, LikeForLike = false } },
            [($"{vs}年{like}", (_, r, _) => pair.Cell(r.Code, vs, "funding_enterprise")), ($"{year}年{like}", (_, r, _) => pair.Cell(r.Code, year, "funding_enterprise"))],
            format: ValueFormat.Money)
            with { DownloadQuery = Query(["funding_enterprise"], [vs, year], scope), Note = compared.KeptText(regions) };
        enterprise = enterprise with
        {
            Series = [.. enterprise.Series,
                new ChartSeries("增减", [.. regions.Select(r => Change(pair, r.Code, vs, year, "funding_enterprise"))]) { TableOnly = true, IsChange = true },
                new ChartSeries("增幅", [.. regions.Select(r => Growth(pair, r.Code, vs, year, "funding_enterprise"))]) { TableOnly = true, Format = ValueFormat.Share, IsChange = true }],
        };

        var fiscalShare = ByRegion($"{year}年财政与非财政经费占比", "", regions, compared,
            [
                ("财政经费", (v, r, y) => v.Ratio(r.Code, y, "funding_fiscal", "funding_total", 1m, "财政经费 ÷ 经费合计")),
                ("非财政经费", (v, r, y) => v.Ratio(r.Code, y, "funding_nonfiscal", "funding_total", 1m, "非财政经费 ÷ 经费合计")),
            ], stack: "占比", format: ValueFormat.Share)
            with { DownloadQuery = Query(["funding_fiscal", "funding_nonfiscal", "funding_total"], shown, scope) };

        var enterpriseShare = OverYears("企业赞助经费占比（近五年）", "", regions, scope.TrendYears,
            (r, y) => values.Ratio(r.Code, y, "funding_enterprise", "funding_total", 1m, "企业赞助经费 ÷ 经费合计"), ValueFormat.Share, switches)
            with { DownloadQuery = Query(["funding_enterprise", "funding_total"], scope.TrendYears, scope) };

        var perCapita = ByRegion($"{year}年人均经费", "元/人", regions, compared,
            [("人均经费", (v, r, y) => PerPopulation(v, r, y, "funding_total", "经费合计（万元×10000）÷ 常住人口"))],
            format: ValueFormat.Plain)
            with { DownloadQuery = Query(["funding_total"], shown, scope) };
        perCapita = perCapita.AddingNote(CensusNote);

        var perActivity = ByRegion($"{year}年场均经费", "万元/次", regions, compared,
            [("场均经费", (v, r, y) => v.Ratio(r.Code, y, "funding_total", "activities", 1m, "经费合计 ÷ 活动次数"))],
            format: ValueFormat.Plain)
            with { DownloadQuery = Query(["funding_total", "activities"], shown, scope) };

        var total = OverYears("经费合计（近五年）", "万元", regions, scope.TrendYears, (r, y) => values.Cell(r.Code, y, "funding_total"), ValueFormat.Money, switches)
            with { DownloadQuery = Query(["funding_total"], scope.TrendYears, scope) };

        return [enterprise, bySource, fiscalShare, enterpriseShare, perCapita, perActivity, total];
    }

    public static ChartCell Change(ValueSet values, string region, int from, int to, string measure) =>
        values.Value(region, from, measure) is { } a && values.Value(region, to, measure) is { } b
            ? new ChartCell(b - a, null, $"{to}年减{from}年")
            : new ChartCell(null, null, $"{from}年或{to}年无数据，无法比较");

    public static ChartCell Growth(ValueSet values, string region, int from, int to, string measure) =>
        values.Value(region, from, measure) is { } a && a != 0 && values.Value(region, to, measure) is { } b
            ? new ChartCell((b - a) / a, null, $"（{to}年 − {from}年）÷ {from}年")
            : new ChartCell(null, null, $"{from}年无数据或为零，无法计算增幅");
}
