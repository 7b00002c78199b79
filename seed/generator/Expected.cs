using System.Text.Encodings.Web;
using System.Text.Json;
using ScienceWeek.Warehouse.Model;

namespace ScienceWeek.SampleData;

/// <summary>
/// seed/submissions/expected.json: what the generator put into every file, and the one number per region and year
/// that follows from the rule "a region's own current form, else the sum of the current forms below it".
/// Computed here from the generator's own figures, independently of the ETL.
/// </summary>
public static class Expected
{
    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
    };

    public static void Write(string path, int seed, IReadOnlyList<PlannedFile> files, RegionCatalog regions)
    {
        var document = new
        {
            seed,
            command = "dotnet run --project seed/generator -- --out seed/submissions --seed " + seed.ToString(System.Globalization.CultureInfo.InvariantCulture),
            files = files.OrderBy(f => f.Path, StringComparer.Ordinal).Select(f => new
            {
                file = f.Path,
                form = f.Form,
                format = f.Format,
                unit = f.Unit?.Code,
                year = f.Year,
                status = f.Rejection is null ? "valid" : "rejected",
                reason = f.Rejection,
                current = f.IsCurrent,
                supersededBy = f.SupersededBy,
                duplicateOf = f.CopyOf,
                values = f.Rejection is null && f.Values is not null ? WithTotals(f.Values) : null,
                activities = f.Rejection is null ? f.Activities?.Select(a => new { name = a.Name, county = a.County }) : null,
            }),
            regionValues = RegionValues(files, regions),
        };
        File.WriteAllText(path, JsonSerializer.Serialize(document, Options) + "\n");
    }

    /// <summary>The form's values plus the totals the warehouse derives (sums of the parts filled in; null if none).</summary>
    public static Dictionary<string, decimal?> WithTotals(IReadOnlyDictionary<string, decimal?> values)
    {
        var result = Measures.OnForm.ToDictionary(m => m, m => values.GetValueOrDefault(m), StringComparer.Ordinal);
        result[Measures.FundingTotal] = Sum(values, Measures.OnForm.Where(Measures.IsFunding));
        result[Measures.FundingFiscal] = Sum(values, [Measures.FundingCentral, Measures.FundingProvincial, Measures.FundingMunicipal, Measures.FundingCounty]);
        result[Measures.FundingNonfiscal] = Sum(values, [Measures.FundingEnterprise, Measures.FundingInKind, Measures.FundingOther]);
        result[Measures.StaffTotal] = Sum(values, [Measures.StaffFulltime, Measures.StaffScientists, Measures.StaffVolunteers, Measures.StaffOther]);
        result[Measures.ParticipantsTotal] = Sum(values, [Measures.ParticipantsOffline, Measures.ParticipantsOnline]);
        return result;
    }

    private static decimal? Sum(IReadOnlyDictionary<string, decimal?> values, IEnumerable<string> measures)
    {
        var parts = measures.Select(m => values.GetValueOrDefault(m)).Where(v => v is not null).ToList();
        return parts.Count == 0 ? null : parts.Sum();
    }

    private static IEnumerable<object> RegionValues(IReadOnlyList<PlannedFile> files, RegionCatalog regions)
    {
        var current = files.Where(f => f.IsCurrent && f.Form == "statistics" && f.Unit is not null).ToList();
        var targets = RegionCatalog.ProvinceCodes.Concat(RegionCatalog.FocusCityCodes);
        foreach (var code in targets)
        {
            foreach (var year in FigureModel.Years)
            {
                var own = current.SingleOrDefault(f => f.Unit!.Code == code && f.Year == year);
                if (own is not null)
                {
                    yield return new { region = code, year, basis = "reported", files = new[] { own.Path }, values = WithTotals(own.Values!) };
                    continue;
                }
                // Only worked out for a city: its counties, zones and departments, none of which has forms below it.
                if (regions[code].Kind != UnitKind.City)
                {
                    continue;
                }
                var below = current.Where(f => f.Year == year && f.Unit!.Code != code && f.Unit.CityCode == code).ToList();
                var sums = new Dictionary<string, decimal?>(StringComparer.Ordinal);
                foreach (var measure in Measures.All)
                {
                    var parts = below.Select(f => WithTotals(f.Values!)[measure]).Where(v => v is not null).ToList();
                    sums[measure] = parts.Count == 0 ? null : parts.Sum();
                }
                yield return new { region = code, year, basis = "derived", files = below.Select(f => f.Path).Order(StringComparer.Ordinal).ToArray(), values = sums };
            }
        }
    }
}
