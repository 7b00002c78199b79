using System.Globalization;
using System.Text;
using ScienceWeek.Warehouse.ReferenceData;

namespace ScienceWeek.SampleData;

/// <summary>
/// The day each sample file was sent, written as <c>.submitted-on.tsv</c> at the top of the submissions folder (the list the
/// inbox and <c>import</c> read for back-filled forms). Most units send within the days before their deadline, about one
/// in six a few days late; a corrected version follows its first one by a few days, a copy sent twice the same day. The
/// deadline is the one deadlines.csv gives for the unit's collecting region and year; where it gives none, a nominal one
/// (the statistics ten days after the week, the recommendations forty days before it) shapes the days.
/// </summary>
public static class SubmissionDays
{
    public static IReadOnlyDictionary<string, DateOnly> Plan(IReadOnlyList<PlannedFile> files, int seed, string referenceFolder,
        IReadOnlyDictionary<int, (DateOnly Start, DateOnly End)> weeks)
    {
        var deadlines = ReferenceFiles.Read(referenceFolder).Deadlines
            .ToDictionary(d => (d.Year, d.CollectingRegion, d.Form), d => d.DueDate);
        var days = new Dictionary<string, DateOnly>(StringComparer.Ordinal);
        foreach (var file in files.Where(f => f.CopyOf is null))
        {
            var rng = Rng.For(seed, "submitted/" + file.Path);
            var week = weeks[file.Year];
            var collecting = file.Unit?.ParentCode ?? ReferenceFiles.NationCode;
            var due = deadlines.TryGetValue((file.Year, collecting, file.Form), out var given)
                ? given
                : file.Form == "featured" ? week.Start.AddDays(-40) : week.End.AddDays(10);
            var earliest = file.Form == "featured" ? due.AddDays(-25) : week.End.AddDays(1);
            days[file.Path] = rng.NextDouble() < 0.16
                ? due.AddDays(rng.Next(1, 11))
                : Max(earliest, due.AddDays(-rng.Next(0, 9)));
        }
        foreach (var file in files)
        {
            if (file.CopyOf is not null)
            {
                days[file.Path] = days[file.CopyOf];
            }
        }
        foreach (var first in files.Where(f => f.SupersededBy is not null))
        {
            days[first.SupersededBy!] = days[first.Path].AddDays(Rng.For(seed, "corrected/" + first.Path).Next(1, 5));
        }
        return days;
    }

    public static void Write(string path, IReadOnlyDictionary<string, DateOnly> days)
    {
        var text = new StringBuilder();
        foreach (var (file, day) in days.OrderBy(d => d.Key, StringComparer.Ordinal))
        {
            text.Append(file).Append('\t').Append(day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).Append('\n');
        }
        File.WriteAllText(path, text.ToString(), new UTF8Encoding(false));
    }

    private static DateOnly Max(DateOnly a, DateOnly b) => a > b ? a : b;
}
