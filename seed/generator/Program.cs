using System.Globalization;
using System.Text;
using ScienceWeek.SampleData;

// Generates the sample submissions under seed/submissions: every figure is synthetic, drawn from a fixed seed.
var output = "seed/submissions";
var seed = 20240525;
string? reference = null;
var soffice = "soffice";
var daysOnly = false;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--out": output = args[++i]; break;
        case "--seed": seed = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--reference": reference = args[++i]; break;
        case "--soffice": soffice = args[++i]; break;
        case "--days-only": daysOnly = true; break;
        default:
            Console.Error.WriteLine("usage: ScienceWeek.SampleData [--out DIR] [--seed N] [--reference DIR] [--soffice PATH] [--days-only]");
            return 2;
    }
}
reference ??= FindReference();
Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

var regions = RegionCatalog.Load(reference, seed);
var weeks = ScienceWeek.Warehouse.Text.Csv.ReadWithHeader(Path.Combine(reference, "years.csv"))
    .ToDictionary(r => int.Parse(r["year"], CultureInfo.InvariantCulture),
        r => (Start: DateOnly.Parse(r["week_start_date"], CultureInfo.InvariantCulture), End: DateOnly.Parse(r["week_end_date"], CultureInfo.InvariantCulture)));
var files = new SubmissionPlan(regions, new FigureModel(regions, seed), seed, weeks.ToDictionary(w => w.Key, w => w.Value.Start)).Build();
var days = SubmissionDays.Plan(files, seed, reference, weeks);
// The days alone (--days-only) come from the plan without writing a file: the forms stay as they are.
SubmissionDays.Write(Path.Combine(output, ".submitted-on.tsv"), days);
if (daysOnly)
{
    Console.WriteLine(FormattableString.Invariant($"{days.Count} submission days in {Path.GetFullPath(Path.Combine(output, ".submitted-on.tsv"))}"));
    return 0;
}

// Only what this program wrote before is replaced.
foreach (var year in FigureModel.Years)
{
    var folder = Path.Combine(output, year.ToString(CultureInfo.InvariantCulture));
    if (Directory.Exists(folder))
    {
        Directory.Delete(folder, recursive: true);
    }
}
if (Directory.Exists(Path.Combine(output, "rejected")))
{
    Directory.Delete(Path.Combine(output, "rejected"), recursive: true);
}

var gbk = Encoding.GetEncoding("GB18030");
var conversions = new List<(string Html, string Target, string Format)>();
foreach (var file in files.Where(f => f.CopyOf is null))
{
    var target = Path.Combine(output, file.Path);
    Directory.CreateDirectory(Path.GetDirectoryName(target)!);
    if (file.Format == "csv")
    {
        File.WriteAllBytes(target, gbk.GetBytes(file.Content));
    }
    else
    {
        conversions.Add((file.Content, target, file.Format));
    }
}
Office.Convert(conversions, soffice);
foreach (var file in files)
{
    var target = Path.Combine(output, file.Path);
    if (file.Truncate)
    {
        var bytes = File.ReadAllBytes(target);
        File.WriteAllBytes(target, bytes[..(bytes.Length * 3 / 5)]);
    }
    if (file.CopyOf is not null)
    {
        File.Copy(Path.Combine(output, file.CopyOf), target, overwrite: true);
    }
}
Expected.Write(Path.Combine(output, "expected.json"), seed, files, regions);

foreach (var group in files.GroupBy(f => (f.Format, f.Rejection is null ? "valid" : "rejected")).OrderBy(g => g.Key))
{
    Console.WriteLine(FormattableString.Invariant($"{group.Key.Format,-5} {group.Key.Item2,-8} {group.Count(),4}"));
}
Console.WriteLine(FormattableString.Invariant($"{files.Count} files in {Path.GetFullPath(output)}"));
return 0;

static string FindReference()
{
    for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
    {
        var candidate = Path.Combine(dir.FullName, "seed", "reference");
        if (File.Exists(Path.Combine(candidate, "divisions.csv")))
        {
            return candidate;
        }
    }
    return Path.Combine(AppContext.BaseDirectory, "reference");
}
