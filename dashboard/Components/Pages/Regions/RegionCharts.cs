using ScienceWeek.Dashboard.Charts;
using ScienceWeek.Dashboard.Values;

namespace ScienceWeek.Dashboard.Components.Pages.Regions;

/// <summary>The region page's charts: its five-year trend, and its sub-regions in the year beside the year before.</summary>
public static class RegionCharts
{
    /// <summary>The region's funding over five years, with its activities and participants in the table; each with its change on the year before (prev=1) and per 10,000 residents (per=capita) when switched on.</summary>
    public static ChartData Trend(Region region, IReadOnlyList<int> years, ValueSet values, Comparison switches)
    {
        (string Name, string Measure, string Unit, ValueFormat Format)[] lines =
            [("活动经费合计（万元）", "funding_total", "万元", ValueFormat.Money), ("科普活动开展次数（次）", "activities", "次", ValueFormat.Count),
             ("群众参与合计（人次）", "participants_total", "人次", ValueFormat.Count)];
        var columns = new List<ChartSeries>();
        foreach (var (name, measure, unit, format) in lines)
        {
            var cells = years.Select(x => values.Cell(region.Code, x, measure)).ToList();
            columns.Add(new ChartSeries(name, cells) { Unit = unit, Format = format, TableOnly = measure != "funding_total" });
            if (switches.YearBefore)
            {
                columns.AddRange(PageCharts.Changes($"{name}·较上年", cells, [.. years.Select(x => values.Cell(region.Code, x - 1, measure))], format)
                    .Select(c => c with { Unit = unit }));
            }
            if (switches.PerCapita)
            {
                columns.Add(new ChartSeries($"{name}·每万人", [.. cells.Select(c => PageCharts.PerTenThousand(region, c))])
                    { TableOnly = true, Format = ValueFormat.Plain, Unit = $"{unit}/万人" });
            }
        }
        return new ChartData($"{region.Name}近五年趋势", "万元", "年份", [.. years.Select(x => $"{x}年")], columns)
        {
            Kind = "line",
            Format = ValueFormat.Money,
            DownloadQuery = $"measures=funding_total,activities,participants_total&years={string.Join(',', years)}&regions={region.Code}",
        };
    }

    /// <summary>
    /// The sub-regions with data in <paramref name="year"/>, in the order given, by <paramref name="measure"/> (null: participants per
    /// activity), with the year before and the change in the table (<paramref name="cell"/> gives the compared values: like for like when asked).
    /// </summary>
    public static ChartData Children(Region region, IReadOnlyList<Region> children, int year, Measure? measure, Func<Region, int, ChartCell> cell,
        Func<Region, bool> hasData)
    {
        var withData = children.Where(hasData).ToList();
        var format = measure is null ? ValueFormat.Plain : measure.IsMoney ? ValueFormat.Money : ValueFormat.Count;
        return new ChartData($"下级地区{measure?.NameZh ?? "场均参与人次"}（{year}年）", measure?.UnitZh ?? "人次/次", "地区",
            [.. withData.Select(c => c.ShortName)],
            PageCharts.YearAndBefore(withData, year, year - 1, cell, format))
        {
            Horizontal = true,
            Format = format,
            CategoryLinks = [.. withData.Select(c => $"/region/{c.Code}?year={year}")],
            DownloadQuery = measure is null
                ? $"measures=participants_total,activities&years={year - 1},{year}&parent={region.Code}"
                : $"measures={measure.Code}&years={year - 1},{year}&parent={region.Code}",
            Height = Math.Max(220, 60 + 30 * withData.Count),
            Note = withData.Count < children.Count ? $"另有 {children.Count - withData.Count} 个下级地区{year}年没有数据，未列入图中。" : null,
        };
    }
}
