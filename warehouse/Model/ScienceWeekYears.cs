using System.Globalization;

namespace ScienceWeek.Warehouse.Model;

/// <summary>
/// The years a science week can have: it exists since 2001, and dim_year's check (2001-2100) states the same range.
/// </summary>
public static class ScienceWeekYears
{
    public const int First = 2001;
    public const int Last = 2100;

    public static bool Contains(int? year) => year is >= First and <= Last;

    /// <summary>A year from hostile text (a URL, a query string): digits only, in range, or nothing.</summary>
    public static int? Parse(string? text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var year) && Contains(year) ? year : null;
}
