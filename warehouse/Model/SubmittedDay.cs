using System.Globalization;

namespace ScienceWeek.Warehouse.Model;

/// <summary>
/// The day a unit submitted a form, on China's calendar (UTC+8 all year, no daylight saving), as the notices' deadlines
/// are days in China: a file received at 23:30 on 10 June in Lanzhou was sent on the 10th, whatever the server's zone.
/// </summary>
public static class SubmittedDay
{
    private static readonly TimeSpan ChinaOffset = TimeSpan.FromHours(8);

    public static DateOnly Of(DateTimeOffset receivedAt) => DateOnly.FromDateTime(receivedAt.ToOffset(ChinaOffset).DateTime);

    /// <summary>A day from hostile text (a form field, a command-line option): yyyy-MM-dd in a science-week year, or nothing.</summary>
    public static DateOnly? Parse(string? text) =>
        DateOnly.TryParseExact(text?.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) && ScienceWeekYears.Contains(day.Year)
            ? day
            : null;
}
