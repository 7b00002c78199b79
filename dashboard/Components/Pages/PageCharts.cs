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
                var changes = Changes($"{name}·较{before}年", now, then, format);
                columns.Add(WithChange(new ChartSeries($"{name}·{year}年{like}", now, stack), $"较{before}年", changes));
                columns.Add(new ChartSeries($"{name}·{before}年{like}", then, stack is null ? null : $"{stack}·{before}年"));
                columns.AddRange(changes);
                if (like.Length > 0)
                {
                    columns.Add(new ChartSeries($"{name}·{year}年（全部单位）", [.. regions.Select(r => cell(comparison.All, r, year))]) { TableOnly = true });
                }
            }
            if (switches.PerCapita && isAmount)
            {
                columns.Add(PerTenThousandColumn($"{name}·每万人", unit, regions.Select(r => (r, cell(comparison.All, r, year)))));
            }
        }
        return new ChartData(title, unit, "地区", [.. regions.Select(r => r.Name)], columns)
        {
            Format = format,
            CategoryLinks = [.. regions.Select(r => $"/region/{r.Code}?year={year}")],
            Note = switches.YearBefore ? comparison.KeptText(regions) : null,
        };
    }

    /// <summary>One line per region over the years; with the year before switched on, each year's change on the year before in the table and the tooltip, and per capita each amount per 10,000 residents.</summary>
    public static ChartData OverYears(string title, string unit, IReadOnlyList<Region> regions, IReadOnlyList<int> years,
        Func<Region, int, ChartCell> cell, ValueFormat format = ValueFormat.Count, Comparison? switches = null) =>
        new ChartData(title, unit, "年份", [.. years.Select(y => $"{y}年")],
            [.. regions.SelectMany(r => OverYearsColumns(new ChartSeries(r.ShortName, [.. years.Select(y => cell(r, y))]), r, years, y => cell(r, y), unit, format, switches))])
        {
            Kind = "line",
            Format = format,
            Note = OverYearsNote(switches),
        };

    /// <summary>
    /// A region's drawn series over the years and, when switched on, its change on the year before (as table columns and in
    /// the tooltip) and each amount per 10,000 residents: the columns of every chart over the years.
    /// </summary>
    public static IEnumerable<ChartSeries> OverYearsColumns(ChartSeries drawn, Region region, IReadOnlyList<int> years, Func<int, ChartCell> cell,
        string unit, ValueFormat format, Comparison? switches)
    {
        if (switches is not { YearBefore: true })
        {
            yield return drawn;
        }
        else
        {
            var changes = Changes($"{drawn.Name}·较上年", drawn.Cells, [.. years.Select(y => cell(y - 1))], format);
            changes[0] = changes[0] with { Unit = drawn.Unit };
            yield return WithChange(drawn, "较上年", changes);
            foreach (var change in changes)
            {
                yield return change;
            }
        }
        if (switches is { PerCapita: true } && format is ValueFormat.Count or ValueFormat.Money)
        {
            yield return PerTenThousandColumn($"{drawn.Name}·每万人", unit, drawn.Cells.Select(c => (region, c)));
        }
    }

    /// <summary>What a chart over the years says with lfl=1: like for like compares two years, the years of a trend count every unit.</summary>
    public static string? OverYearsNote(Comparison? switches) =>
        switches is { LikeForLike: true } ? "近五年走势及逐年增减按全部报送单位计算；同口径只用于所选年份与对比年份的比较（见按地区的图表）。" : null;

    /// <summary>The note of a chart of values per resident.</summary>
    public const string CensusNote = "按2020年第七次全国人口普查常住人口计算；人口未知的地区不计算。";

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
    /// The series of a ranking by region (a horizontal bar chart): the year, and the year before with the change (absolute and %)
    /// as columns of the table. With the year before switched on, the year before is drawn too, as a lighter bar beside each
    /// bar, and the year's bars carry the change for the tooltip; like for like, the year over all units stays in the table.
    /// Per capita adds the year per 10,000 residents.
    /// </summary>
    public static ChartSeries[] YearAndBefore(IReadOnlyList<Region> regions, YearComparison comparison, Func<ValueSet, Region, int, ChartCell> cell,
        ValueFormat format, string unit)
    {
        var (year, before, switches) = (comparison.Year, comparison.Before, comparison.Switches);
        var now = regions.Select(r => cell(comparison.Compared, r, year)).ToList();
        var then = regions.Select(r => cell(comparison.Compared, r, before)).ToList();
        var changes = Changes($"较{before}年变化", now, then, format);
        var like = comparison.Compared.IsLikeForLike ? "（同口径）" : "";
        var columns = new List<ChartSeries>();
        if (switches.YearBefore)
        {
            columns.Add(WithChange(new ChartSeries($"{year}年{like}", now) { Color = YearColor }, $"较{before}年", changes));
            columns.Add(new ChartSeries($"{before}年{like}", then) { Color = BeforeColor });
        }
        else
        {
            columns.Add(new ChartSeries($"{year}年{like}", now));
            columns.Add(new ChartSeries($"{before}年{like}", then) { TableOnly = true });
        }
        columns.AddRange(changes);
        if (like.Length > 0)
        {
            columns.Add(new ChartSeries($"{year}年（全部单位）", [.. regions.Select(r => cell(comparison.All, r, year))]) { TableOnly = true });
        }
        if (switches.PerCapita && format is ValueFormat.Count or ValueFormat.Money)
        {
            columns.Add(PerTenThousandColumn($"{year}年每万人", unit, regions.Select(r => (r, cell(comparison.All, r, year)))));
        }
        return [.. columns];
    }

    /// <summary>The year's bars of a ranking, and the lighter tint of the same hue the year before is drawn in.</summary>
    public const string YearColor = "#1f5fbf";

    public const string BeforeColor = "#93b5ea";

    /// <summary>A series carrying the change columns of <see cref="Changes"/> in its drawn data, for the tooltip.</summary>
    public static ChartSeries WithChange(ChartSeries series, string label, ChartSeries[] changes) =>
        series with { Change = new ChartChange(label, changes[0].Cells, changes[1].Cells) };

    /// <summary>A table column of values per 10,000 residents (<see cref="PerTenThousand"/>), each of its region.</summary>
    public static ChartSeries PerTenThousandColumn(string name, string unit, IEnumerable<(Region Region, ChartCell Cell)> cells) =>
        new(name, [.. cells.Select(x => PerTenThousand(x.Region, x.Cell))]) { TableOnly = true, Format = ValueFormat.Plain, Unit = $"{unit}/万人" };

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
