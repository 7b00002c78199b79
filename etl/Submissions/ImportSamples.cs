using System.Globalization;
using System.IO.Compression;
using System.Security;
using System.Text;
using System.Text.RegularExpressions;
using ScienceWeek.Warehouse.ReferenceData;

namespace ScienceWeek.Etl.Submissions;

/// <summary>
/// County statistics forms for load tests and the import benchmark: copies of one LibreOffice-made statistics form with
/// the unit line naming each county by its full path and every value cell varied, as thousands of counties would send them.
/// </summary>
public static partial class ImportSamples
{
    /// <summary>
    /// Writes <paramref name="count"/> forms into <paramref name="folder"/>, one per county in code order; past the last
    /// county it starts again (from <paramref name="firstCounty"/> in code order), so those later files are second versions that supersede the first ones.
    /// </summary>
    public static IReadOnlyList<string> WriteCountyForms(string templateXlsx, string folder, int count, int year, int seed, int firstCounty = 0, string? referenceFolder = null)
    {
        var counties = ReferenceFiles.Read(referenceFolder ?? ReferenceDataLoader.DefaultFolder).Regions
            .Where(r => r.Level == "county" && r.HasDivisionCode)
            .OrderBy(r => r.Code, StringComparer.Ordinal)
            .ToList();
        var entries = new List<(string Name, byte[] Content)>();
        using (var template = ZipFile.OpenRead(templateXlsx))
        {
            foreach (var entry in template.Entries)
            {
                using var stream = entry.Open();
                using var copy = new MemoryStream();
                stream.CopyTo(copy);
                entries.Add((entry.FullName, copy.ToArray()));
            }
        }
        var random = new Random(seed);
        Directory.CreateDirectory(folder);
        var files = new List<string>(count);
        for (var i = 0; i < count; i++)
        {
            var county = counties[(firstCounty + i) % counties.Count];
            var version = ((firstCounty + i) / counties.Count) + 1;
            var unit = FullName(county) + "科学技术局";
            var path = Path.Combine(folder, $"{county.Code}-{year}-v{version.ToString(CultureInfo.InvariantCulture)}.xlsx");
            using (var output = new FileStream(path, FileMode.Create, FileAccess.Write))
            using (var zip = new ZipArchive(output, ZipArchiveMode.Create))
            {
                foreach (var (name, content) in entries)
                {
                    var bytes = name switch
                    {
                        "xl/sharedStrings.xml" => Encoding.UTF8.GetBytes(UnitLine().Replace(Encoding.UTF8.GetString(content), "${prefix}" + SecurityElement.Escape(unit) + "</t>", 1)),
                        "xl/worksheets/sheet1.xml" => Encoding.UTF8.GetBytes(ValueCell().Replace(Encoding.UTF8.GetString(content), m => m.Groups["head"].Value + Vary(m, random) + "</v>")),
                        _ => content,
                    };
                    var entry = zip.CreateEntry(name, CompressionLevel.Fastest);
                    using var stream = entry.Open();
                    stream.Write(bytes);
                }
            }
            files.Add(path);
        }
        return files;
    }

    private static string FullName(RegionRow county)
    {
        var name = new StringBuilder(county.ProvinceName);
        if (county.CityName is { } city && city != county.ProvinceName)
        {
            name.Append(city);
        }
        return name.Append(county.Name).ToString();
    }

    private static string Vary(Match cell, Random random)
    {
        var original = decimal.Parse(cell.Groups["value"].Value, CultureInfo.InvariantCulture);
        var factor = 0.5m + (decimal)random.NextDouble();
        var varied = original * factor;
        // Rows 4-10 are the funding rows (万元, two decimals); every other value is a whole count.
        var row = int.Parse(cell.Groups["row"].Value, CultureInfo.InvariantCulture);
        varied = row is >= 4 and <= 10 ? Math.Round(varied, 2) : Math.Round(varied, 0);
        return varied.ToString(CultureInfo.InvariantCulture);
    }

    [GeneratedRegex("(?<prefix>（盖章）：)[^<]*</t>")]
    private static partial Regex UnitLine();

    [GeneratedRegex("""(?<head><c r="C(?<row>\d+)"[^>]*t="n"[^>]*><v>)(?<value>[0-9.]+)</v>""")]
    private static partial Regex ValueCell();
}
