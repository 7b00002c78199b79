using ScienceWeek.Dashboard.Charts;

namespace ScienceWeek.Dashboard.Values;

/// <summary>
/// Rows of <see cref="RegionValues"/> indexed by region, year and measure, as the pages look them up; or, made by
/// <see cref="KeepingUnitsInBoth"/>, the same values with the two compared years like for like.
/// </summary>
public sealed class ValueSet
{
    private readonly Dictionary<(string Region, int Year, string Measure), RegionValueRow> index;
    private readonly Dictionary<(string Region, int Year, string Measure), LikeForLikeRow>? likeForLike;
    private readonly int[] likeForLikeYears;

    public ValueSet(IEnumerable<RegionValueRow> rows)
        : this(rows.ToDictionary(r => (r.Region, r.Year, r.Measure)), null, [])
    {
    }

    private ValueSet(Dictionary<(string, int, string), RegionValueRow> index, Dictionary<(string, int, string), LikeForLikeRow>? likeForLike, int[] years)
    {
        this.index = index;
        this.likeForLike = likeForLike;
        likeForLikeYears = years;
    }

    public int Count => index.Count;

    /// <summary>Whether the values of the compared years are like for like.</summary>
    public bool IsLikeForLike => likeForLike is not null;

    /// <summary>
    /// These values, except that in the two years of <paramref name="rows"/> a region's value is that of the units that
    /// reported in both years only (missing where no unit did).
    /// </summary>
    public ValueSet KeepingUnitsInBoth(IReadOnlyList<LikeForLikeRow> rows, int from, int to) =>
        new(index, rows.ToDictionary(r => (r.Region, r.Year, r.Measure)), [from, to]);

    /// <summary>The warehouse row (all units), whatever the comparison.</summary>
    public RegionValueRow? Row(string region, int year, string measure) =>
        index.TryGetValue((region, year, measure), out var row) ? row : null;

    /// <summary>Of a like-for-like value: how many units it kept of those that made up the region's value that year.</summary>
    public LikeForLikeRow? Kept(string region, int year, string measure) =>
        likeForLike is not null && likeForLike.TryGetValue((region, year, measure), out var row) ? row : null;

    public decimal? Value(string region, int year, string measure) => IsComparedYear(year)
        ? Kept(region, year, measure) is { Units: > 0 } kept ? kept.Value : null
        : Row(region, year, measure)?.Value;

    public ChartCell Cell(string region, int year, string measure)
    {
        if (IsComparedYear(year))
        {
            return Kept(region, year, measure) is { Units: > 0 } kept
                ? new ChartCell(kept.Value, null, $"同口径：{kept.Units}/{kept.AllUnits} 个单位的报表之和（两年都报送的单位）")
                : new ChartCell(null, null, $"{likeForLikeYears[0]}年和{likeForLikeYears[1]}年没有共同报送的单位");
        }
        return Row(region, year, measure) is { } row ? new ChartCell(row.Value, row) : ChartCell.Missing;
    }

    /// <summary>A ratio of two warehouse values, explained in words; missing when either part is.</summary>
    public ChartCell Ratio(string region, int year, string numerator, string denominator, decimal scale, string explanation)
    {
        var top = Value(region, year, numerator);
        var bottom = Value(region, year, denominator);
        return top is { } t && bottom is { } b && b != 0
            ? new ChartCell(t * scale / b, null, explanation)
            : new ChartCell(null, null, $"无法计算：{explanation}所需的数据不全");
    }

    /// <summary>
    /// What a like-for-like comparison kept, region by region: 同口径（只计2023年和2024年都报送的单位）：兰州市 1/1，太原市 2/3 个单位（2024年）.
    /// Null when the values are not like for like.
    /// </summary>
    public string? KeptText(IEnumerable<Region> regions, string measure)
    {
        if (likeForLike is null)
        {
            return null;
        }
        var (from, to) = (likeForLikeYears[0], likeForLikeYears[1]);
        var parts = regions.Select(r => Kept(r.Code, to, measure) is { } k ? $"{r.Name} {k.Units}/{k.AllUnits}" : $"{r.Name} 0/0");
        return $"同口径（只计{from}年和{to}年都报送的单位），保留单位数/{to}年报送单位数：{string.Join("，", parts)}。";
    }

    private bool IsComparedYear(int year) => likeForLike is not null && likeForLikeYears.Contains(year);
}
