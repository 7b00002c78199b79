using ScienceWeek.Dashboard.Charts;
using ScienceWeek.Dashboard.Components.Display;
using ScienceWeek.Dashboard.Values;

namespace ScienceWeek.Dashboard.Components.Pages;

/// <summary>The shapes of chart the analysis pages share: one bar per region, or one line per region over the years.</summary>
public static class PageCharts
{
    /// <summary>
    /// One bar per region and series in the year. With the year before switched on, each series gets the comparison year
    /// beside it (drawn, in its own stack where stacked) and the change (absolute and %) in the table, all from the
    /// compared values (like for like when asked, with the kept units in the note and the year over all units in the
    /// table); per capita adds each amount per 10,000 residents to the table.
    /// </summary>
    public static ChartData ByRegion(string title, string unit, IReadOnlyList<Region> regions, YearComparison comparison,
        IReadOnlyList<(string Name, Func<ValueSet, Region, int, ChartCell> Cell)> series, string? stack = null, ValueFormat format = ValueFormat.Count)
    {
        var (year, before, switches) = (comparison.Year, comparison.Before, comparison.Switches);
        var isAmount = format is ValueFormat.Count or ValueFormat.Money;
        var columns = new List<ChartSeries>();
        foreach (var (name, cell) in series)
        {
            if (!switches.YearBefore)
            {
                columns.Add(new ChartSeries(name, [.. regions.Select(r => cell(comparison.All, r, year))], stack));
            }
            else
            {
                var like = comparison.Compared.IsLikeForLike ? "（同口径）" : "";
                var now = regions.Select(r => cell(comparison.Compared, r, year)).ToList();
                var then = regions.Select(r => cell(comparison.Compared, r, before)).ToList();
                columns.Add(new ChartSeries($"{name}·{year}年{like}", now, stack));
                columns.Add(new ChartSeries($"{name}·{before}年{like}", then, stack is null ? null : $"{stack}·{before}年"));
                columns.AddRange(Changes($"{name}·较{before}年", now, then, format));
                if (like.Length > 0)
                {
                    columns.Add(new ChartSeries($"{name}·{year}年（全部单位）", [.. regions.Select(r => cell(comparison.All, r, year))]) { TableOnly = true });
                }
            }
            if (switches.PerCapita && isAmount)
            {
                columns.Add(new ChartSeries($"{name}·每万人", [.. regions.Select(r => PerTenThousand(r, cell(comparison.All, r, year)))])
                    { TableOnly = true, Format = ValueFormat.Plain, Unit = $"{unit}/万人" });
            }
        }
        return new ChartData(title, unit, "地区", [.. regions.Select(r => r.Name)], columns)
        {
            Format = format,
            CategoryLinks = [.. regions.Select(r => $"/region/{r.Code}?year={year}")],
            Note = switches.YearBefore ? comparison.KeptText(regions) : null,
        };
    }

    /// <summary>One line per region over the years; with the year before switched on, each year's change on the year before in the table, and per capita each amount per 10,000 residents.</summary>
    public static ChartData OverYears(string title, string unit, IReadOnlyList<Region> regions, IReadOnlyList<int> years,
        Func<Region, int, ChartCell> cell, ValueFormat format = ValueFormat.Count, Comparison? switches = null)
    {
        var columns = new List<ChartSeries>();
        foreach (var region in regions)
        {
            var cells = years.Select(y => cell(region, y)).ToList();
            columns.Add(new ChartSeries(region.ShortName, cells));
            if (switches is { YearBefore: true })
            {
                columns.AddRange(Changes($"{region.ShortName}·较上年", cells, [.. years.Select(y => cell(region, y - 1))], format));
            }
            if (switches is { PerCapita: true } && format is ValueFormat.Count or ValueFormat.Money)
            {
                columns.Add(new ChartSeries($"{region.ShortName}·每万人", [.. cells.Select(c => PerTenThousand(region, c))])
                    { TableOnly = true, Format = ValueFormat.Plain, Unit = $"{unit}/万人" });
            }
        }
        return new ChartData(title, unit, "年份", [.. years.Select(y => $"{y}年")], columns)
        {
            Kind = "line",
            Format = format,
        };
    }

    /// <summary>A value per resident: the warehouse value × 10,000 ÷ the 2020 census population, where it is known.</summary>
    public static ChartCell PerPopulation(ValueSet values, Region region, int year, string measure, string explanation) =>
        PerTenThousand(region, values.Cell(region.Code, year, measure), explanation, $"{region.Name}{year}年无此项数据");

    /// <summary>A region's value per 10,000 residents (<see cref="PerCapita"/>), marked 无人口数据 where the population is unknown.</summary>
    public static ChartCell PerTenThousand(Region region, ChartCell cell, string explanation = "每万名常住人口", string? missing = null)
    {
        if (region.Population2020 is not { } population)
        {
            return new ChartCell(null, null, $"{region.Name}缺少2020年人口普查常住人口数据") { MissingLabel = PerCapita.NoPopulation };
        }
        return PerCapita.PerTenThousand(cell.Value, population) is { } value
            ? new ChartCell(value, null, $"{explanation}（常住人口 {ChineseFormat.Count(population)}人，2020年普查）")
            : new ChartCell(null, null, missing ?? cell.Note);
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
        return [new ChartSeries($"{year}年", now), new ChartSeries($"{before}年", then) { TableOnly = true }, .. Changes($"较{before}年变化", now, then, format)];
    }

    /// <summary>The change from <paramref name="then"/> to <paramref name="now"/>, absolute and in %, as table columns.</summary>
    public static ChartSeries[] Changes(string name, IReadOnlyList<ChartCell> now, IReadOnlyList<ChartCell> then, ValueFormat format) =>
    [
        new ChartSeries(name, [.. now.Zip(then, (a, b) => a.Value is { } x && b.Value is { } y ? new ChartCell(x - y) : ChartCell.Missing)])
            { TableOnly = true, IsChange = true, Format = format },
        new ChartSeries($"{name}（%）", [.. now.Zip(then, (a, b) => a.Value is { } x && b.Value is { } y && y != 0 ? new ChartCell((x - y) / y) : ChartCell.Missing)])
            { TableOnly = true, IsChange = true, Format = ValueFormat.Share },
    ];

    public static string Query(IEnumerable<string> measures, IEnumerable<int> years, Scope scope) =>
        $"measures={string.Join(',', measures)}&years={string.Join(',', years.Distinct().Order())}&regions={scope.RegionQuery}";
}
