using ScienceWeek.Warehouse.Text;

namespace ScienceWeek.SampleData;

public enum UnitKind { Province, City, County, Zone, Department }

/// <summary>A reporting unit: a region's government or a department attached to a region.</summary>
/// <param name="FullName">The name with its parent city, as a full path on a unit line (兰州市城关区).</param>
/// <param name="Population">Census 2020 where the reference data has it, otherwise an estimate by share.</param>
public sealed record Unit(string Code, string Name, string ShortName, UnitKind Kind, string? ParentCode, string FullName, double Population)
{
    public string ProvinceCode => Code[..2] + "0000";

    public string CityCode => Kind is UnitKind.County or UnitKind.Zone or UnitKind.Department ? ParentCode! : Code;
}

/// <summary>The provinces, cities, counties, zones and departments the sample covers, from seed/reference.</summary>
public sealed class RegionCatalog
{
    public static readonly string[] ProvinceCodes = ["620000", "140000", "370000"];
    public static readonly string[] FocusCityCodes = ["620100", "140100", "370800"];

    private readonly Dictionary<string, Unit> units = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<Unit>> children = new(StringComparer.Ordinal);

    public Unit this[string code] => units[code];

    public IReadOnlyList<Unit> ChildrenOf(string code) => children.TryGetValue(code, out var list) ? list : [];

    public IEnumerable<Unit> All => units.Values;

    public static RegionCatalog Load(string referenceDir, int seed)
    {
        var catalog = new RegionCatalog();
        var divisions = Csv.ReadWithHeader(Path.Combine(referenceDir, "divisions.csv"));
        var population = Csv.ReadWithHeader(Path.Combine(referenceDir, "population.csv"))
            .ToDictionary(r => r["code"], r => double.Parse(r["population_2020"], System.Globalization.CultureInfo.InvariantCulture), StringComparer.Ordinal);
        var names = divisions.ToDictionary(r => r["code"], r => r["name"], StringComparer.Ordinal);

        foreach (var row in divisions)
        {
            var code = row["code"];
            if (!ProvinceCodes.Contains(code[..2] + "0000"))
            {
                continue;
            }
            var level = row["level"];
            var parent = string.IsNullOrEmpty(row["parent_code"]) ? null : row["parent_code"];
            if (level == "county" && !FocusCityCodes.Contains(parent))
            {
                continue;
            }
            var kind = level switch { "province" => UnitKind.Province, "city" => UnitKind.City, _ => UnitKind.County };
            var fullName = kind == UnitKind.County ? names[parent!] + row["name"] : row["name"];
            catalog.Add(new Unit(code, row["name"], row["name"], kind, parent, fullName, population.GetValueOrDefault(code)));
        }
        foreach (var row in Csv.ReadWithHeader(Path.Combine(referenceDir, "zones.csv")))
        {
            catalog.Add(new Unit(row["code"], row["name"], row["short_name"], UnitKind.Zone, row["parent_code"], row["short_name"], 0));
        }
        foreach (var row in Csv.ReadWithHeader(Path.Combine(referenceDir, "departments.csv")))
        {
            catalog.Add(new Unit(row["code"], row["name"], row["name"], UnitKind.Department, row["region_code"], row["name"], 0));
        }
        catalog.EstimateCountyPopulations(seed);
        return catalog;
    }

    private void Add(Unit unit)
    {
        units[unit.Code] = unit;
        if (unit.ParentCode is not null && unit.Kind != UnitKind.Department)
        {
            if (!children.TryGetValue(unit.ParentCode, out var list))
            {
                children[unit.ParentCode] = list = [];
            }
            list.Add(unit);
        }
    }

    /// <summary>
    /// Counties without a census figure in the reference data get a share of what their city has left:
    /// urban districts weigh more, functional zones less, each with a fixed random spread.
    /// </summary>
    private void EstimateCountyPopulations(int seed)
    {
        foreach (var cityCode in FocusCityCodes)
        {
            var parts = ChildrenOf(cityCode);
            var known = parts.Where(u => u.Population > 0).Sum(u => u.Population);
            var unknown = parts.Where(u => u.Population <= 0).ToList();
            var weights = unknown.ToDictionary(u => u.Code, u =>
            {
                var rng = Rng.For(seed, "population/" + u.Code);
                var basis = u.Kind == UnitKind.Zone ? 0.35 : u.Name.EndsWith('区') ? 1.3 : 1.0;
                return basis * (0.6 + rng.NextDouble() * 0.8);
            }, StringComparer.Ordinal);
            var rest = Math.Max(0, units[cityCode].Population - known);
            var total = weights.Values.Sum();
            foreach (var u in unknown)
            {
                units[u.Code] = u with { Population = Math.Round(rest * weights[u.Code] / total, 0) };
            }
            children[cityCode] = [.. parts.Select(p => units[p.Code])];
        }
    }
}

public static class Rng
{
    /// <summary>A generator of its own for each purpose, so adding a file elsewhere does not shift every figure.</summary>
    public static Random For(int seed, string key)
    {
        var hash = 2166136261u;
        foreach (var c in key)
        {
            hash = (hash ^ c) * 16777619u;
        }
        return new Random(unchecked(seed ^ (int)hash));
    }
}
