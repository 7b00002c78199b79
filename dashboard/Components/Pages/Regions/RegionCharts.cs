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
        var columns = lines.SelectMany(l => PageCharts.OverYearsColumns(
            new ChartSeries(l.Name, [.. years.Select(x => values.Cell(region.Code, x, l.Measure))]) { Unit = l.Unit, Format = l.Format, TableOnly = l.Measure != "funding_total" },
            region, years, x => values.Cell(region.Code, x, l.Measure), l.Unit, l.Format, switches)).ToList();
        return new ChartData($"{region.Name}近五年趋势", "万元", "年份", [.. years.Select(x => $"{x}年")], columns)
        {
            Kind = "line",
            Format = ValueFormat.Money,
            Note = PageCharts.OverYearsNote(switches),
            DownloadQuery = $"measures=funding_total,activities,participants_total&years={string.Join(',', years)}&regions={region.Code}",
        };
    }

    /// <summary>
    /// The sub-regions with data in the year, in the order given, by <paramref name="measure"/> (null: participants per
    /// activity): a ranking with the year before (drawn with prev=1), the change and per capita as <see cref="PageCharts.YearAndBefore"/>
    /// gives them (<paramref name="cell"/> reads the comparison's values: like for like when asked).
    /// </summary>
    public static ChartData Children(Region region, IReadOnlyList<Region> children, YearComparison comparison, Measure? measure,
        Func<ValueSet, Region, int, ChartCell> cell, Func<Region, bool> hasData)
    {
        var (year, before) = (comparison.Year, comparison.Before);
        var withData = children.Where(hasData).ToList();
        var format = measure is null ? ValueFormat.Plain : measure.IsMoney ? ValueFormat.Money : ValueFormat.Count;
        var unit = measure?.UnitZh ?? "人次/次";
        return new ChartData($"下级地区{measure?.NameZh ?? "场均参与人次"}（{year}年）", unit, "地区",
            [.. withData.Select(c => c.ShortName)],
            PageCharts.YearAndBefore(withData, comparison, cell, format, unit))
        {
            Horizontal = true,
            Format = format,
            CategoryLinks = [.. withData.Select(c => $"/region/{c.Code}?year={year}")],
            DownloadQuery = measure is null
                ? $"measures=participants_total,activities&years={before},{year}&parent={region.Code}"
                : $"measures={measure.Code}&years={before},{year}&parent={region.Code}",
            Height = Math.Max(220, 60 + (comparison.Switches.YearBefore ? 46 : 30) * withData.Count),
            Note = withData.Count < children.Count ? $"另有 {children.Count - withData.Count} 个下级地区{year}年没有数据，未列入图中。" : null,
        };
    }
}
