using ScienceWeek.Dashboard.Charts;
using ScienceWeek.Dashboard.Components.Display;
using ScienceWeek.Dashboard.Values;

namespace ScienceWeek.Dashboard.Components.Pages;

/// <summary>The shapes of chart the analysis pages share: one bar per region, or one line per region over the years.</summary>
public static class PageCharts
{
    public static ChartData ByRegion(string title, string unit, IReadOnlyList<Region> regions, int year,
        IReadOnlyList<(string Name, Func<Region, ChartCell> Cell)> series, string? stack = null, ValueFormat format = ValueFormat.Count) =>
        new(title, unit, "地区",
            [.. regions.Select(r => r.Name)],
            [.. series.Select(s => new ChartSeries(s.Name, [.. regions.Select(s.Cell)], stack))])
        {
            Format = format,
            CategoryLinks = [.. regions.Select(r => $"/region/{r.Code}?year={year}")],
        };

    public static ChartData OverYears(string title, string unit, IReadOnlyList<Region> regions, IReadOnlyList<int> years,
        Func<Region, int, ChartCell> cell, ValueFormat format = ValueFormat.Count) =>
        new(title, unit, "年份",
            [.. years.Select(y => $"{y}年")],
            [.. regions.Select(r => new ChartSeries(r.ShortName, [.. years.Select(y => cell(r, y))]))])
        {
            Kind = "line",
            Format = format,
        };

    /// <summary>A value per resident: the warehouse value × scale ÷ the 2020 census population, where it is known.</summary>
    public static ChartCell PerPopulation(ValueSet values, Region region, int year, string measure, decimal scale, string explanation)
    {
        var value = values.Value(region.Code, year, measure);
        if (region.Population2020 is not { } population)
        {
            return new ChartCell(null, null, $"{region.Name}缺少2020年人口普查常住人口数据");
        }
        return value is { } v
            ? new ChartCell(v * scale / population, null, $"{explanation}（常住人口 {ChineseFormat.Count(population)}人，2020年普查）")
            : new ChartCell(null, null, $"{region.Name}{year}年无此项数据");
    }

    /// <summary>
    /// A year's series, and the year before's with the change (absolute and %) as columns of the chart's table: how the
    /// charts of values by region show the previous year. The year before is not drawn: a second bar series in these
    /// horizontal charts made ECharts 6.1 throw while laying the chart out in Chromium.
    /// </summary>
    public static ChartSeries[] YearAndBefore<T>(IReadOnlyList<T> items, int year, int before, Func<T, int, ChartCell> cell, ValueFormat format)
    {
        var now = items.Select(i => cell(i, year)).ToList();
        var then = items.Select(i => cell(i, before)).ToList();
        return
        [
            new ChartSeries($"{year}年", now),
            new ChartSeries($"{before}年", then) { TableOnly = true },
            new ChartSeries($"较{before}年变化", [.. now.Zip(then, (a, b) => a.Value is { } x && b.Value is { } y ? new ChartCell(x - y) : ChartCell.Missing)])
                { TableOnly = true, IsChange = true, Format = format },
            new ChartSeries($"较{before}年变化（%）", [.. now.Zip(then, (a, b) => a.Value is { } x && b.Value is { } y && y != 0 ? new ChartCell((x - y) / y) : ChartCell.Missing)])
                { TableOnly = true, IsChange = true, Format = ValueFormat.Share },
        ];
    }

    public static string Query(IEnumerable<string> measures, IEnumerable<int> years, Scope scope) =>
        $"measures={string.Join(',', measures)}&years={string.Join(',', years.Distinct().Order())}&regions={scope.RegionQuery}";
}
