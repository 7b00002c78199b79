using ScienceWeek.Etl.Forms;
using ScienceWeek.Warehouse.Model;

namespace ScienceWeek.Etl.Submissions;

/// <summary>
/// The days units really sent the forms of a folder, for forms that came by email and are back-filled in a batch: the
/// file <c>.submitted-on.tsv</c> at the top of the folder (the inbox, or a folder given to <c>import</c>), one line per
/// form: its path relative to the folder with forward slashes, a tab, and the day as yyyy-MM-dd. A form it does not list
/// was submitted the day it is received. Hidden (leading dot), so the inbox never takes it for a form; lines that do not
/// read as a path and a day are skipped.
/// </summary>
public static class SubmittedDates
{
    public const string FileName = ".submitted-on.tsv";

    /// <summary>Larger than any real list; a bigger file is not read at all.</summary>
    private const long MaxBytes = 4L * 1024 * 1024;

    public static IReadOnlyDictionary<string, DateOnly> Read(string folder)
    {
        var path = Path.Combine(folder, FileName);
        var days = new Dictionary<string, DateOnly>(StringComparer.Ordinal);
        if (!File.Exists(path) || new FileInfo(path).Length > MaxBytes)
        {
            return days;
        }
        foreach (var line in File.ReadLines(path))
        {
            var parts = line.Split('\t');
            if (parts.Length == 2 && SubmittedDay.Parse(parts[1]) is { } day)
            {
                days[parts[0].Trim()] = day;
            }
        }
        return days;
    }

    /// <summary>The context of one file of the folder, with its listed day when the caller gave none.</summary>
    public static ReadContext For(IReadOnlyDictionary<string, DateOnly> days, string folder, string path, ReadContext context) =>
        context.SubmittedOn is null && days.TryGetValue(Path.GetRelativePath(folder, path).Replace(Path.DirectorySeparatorChar, '/'), out var day)
            ? context with { SubmittedOn = day }
            : context;
}
