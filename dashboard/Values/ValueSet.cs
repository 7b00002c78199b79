using ScienceWeek.Dashboard.Charts;

namespace ScienceWeek.Dashboard.Values;

/// <summary>Rows of <see cref="RegionValues"/> indexed by region, year and measure, as the pages look them up.</summary>
public sealed class ValueSet(IEnumerable<RegionValueRow> rows)
{
    private readonly Dictionary<(string Region, int Year, string Measure), RegionValueRow> index =
        rows.ToDictionary(r => (r.Region, r.Year, r.Measure));

    public int Count => index.Count;

    public RegionValueRow? Row(string region, int year, string measure) =>
        index.TryGetValue((region, year, measure), out var row) ? row : null;

    public decimal? Value(string region, int year, string measure) => Row(region, year, measure)?.Value;

    public ChartCell Cell(string region, int year, string measure) =>
        Row(region, year, measure) is { } row ? new ChartCell(row.Value, row) : ChartCell.Missing;

    /// <summary>A ratio of two warehouse values, explained in words; missing when either part is.</summary>
    public ChartCell Ratio(string region, int year, string numerator, string denominator, decimal scale, string explanation)
    {
        var top = Value(region, year, numerator);
        var bottom = Value(region, year, denominator);
        return top is { } t && bottom is { } b && b != 0
            ? new ChartCell(t * scale / b, null, explanation)
            : new ChartCell(null, null, $"无法计算：{explanation}所需的数据不全");
    }
}
