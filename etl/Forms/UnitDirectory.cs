using System.Text;
using ScienceWeek.Warehouse.ReferenceData;

namespace ScienceWeek.Etl.Forms;

/// <summary>How a unit name on a form resolved: one unit, several candidates (ambiguous), or nothing.</summary>
public sealed record UnitMatch(ResolvedUnit? Unit, IReadOnlyList<ResolvedUnit> Candidates)
{
    public bool IsAmbiguous => Unit is null && Candidates.Count > 1;
}

/// <summary>
/// The reporting units of the reference data (regions and departments) and the rules that turn what a clerk writes
/// (甘肃省兰州市城关区科学技术局, 中共兰州市委宣传部, 济宁高新区, 城关区) into a unit code.
/// </summary>
public sealed class UnitDirectory
{
    /// <summary>Agency words removed from the end of a unit line, longest first.</summary>
    private static readonly string[] AgencySuffixes =
    [
        "科学技术和工业信息化局", "科技和工业信息化局", "工业和信息化科技局", "科学技术协会", "科学技术局", "科学技术厅", "科技厅", "科技创新局", "科学技术委员会",
        "党工委宣传部", "党委宣传部", "委宣传部", "宣传部", "人民政府办公室", "人民政府", "政府", "管理委员会", "管委会",
        "创新创业服务中心", "党政办公室", "经济发展局", "经发局", "科技局", "科委", "科协", "党工委", "委员会", "办公室",
    ];

    private static readonly string[] RegionSuffixes =
    [
        "维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "自治州", "特别行政区", "地区", "省", "市", "区", "县", "盟", "旗",
    ];

    private readonly Dictionary<string, RegionNode> regions;
    private readonly Dictionary<string, List<RegionNode>> regionsByName = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DepartmentRow> departmentsByName = new(StringComparer.Ordinal);
    private readonly List<RegionNode> counties;

    private UnitDirectory(ReferenceFiles reference)
    {
        regions = reference.Regions.ToDictionary(r => r.Code, r => new RegionNode(r));
        foreach (var region in regions.Values)
        {
            if (region.Row.ParentCode is { } parent && regions.TryGetValue(parent, out var p))
            {
                region.Parent = p;
            }
        }
        foreach (var region in regions.Values.Where(r => r.Row.Level != "nation"))
        {
            foreach (var name in NamesOf(region))
            {
                if (!regionsByName.TryGetValue(name, out var list))
                {
                    regionsByName[name] = list = [];
                }
                if (!list.Contains(region))
                {
                    list.Add(region);
                }
            }
        }
        foreach (var department in reference.Departments)
        {
            departmentsByName[Normalize(department.Name)] = department;
            foreach (var alias in department.Aliases.Split('|', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                departmentsByName[Normalize(alias)] = department;
            }
        }
        counties = [.. regions.Values.Where(r => r.Row.Level == "county")];
    }

    public static UnitDirectory Load(string referenceFolder) => new(ReferenceFiles.Read(referenceFolder));

    public static UnitDirectory FromReference(ReferenceFiles reference) => new(reference);

    public static string DefaultFolder => Path.Combine(AppContext.BaseDirectory, "reference");

    public ResolvedUnit? Region(string code) => regions.TryGetValue(code, out var r) ? r.Unit : null;

    /// <summary>The region a unit belongs to (a department's region, or the region itself).</summary>
    public string? RegionOf(string unitCode) =>
        regions.ContainsKey(unitCode) ? unitCode
        : departmentsByName.Values.FirstOrDefault(d => d.Code == unitCode)?.RegionCode;

    /// <summary>Whether a unit lies in a region: the region itself, below it, or a department of either.</summary>
    public bool IsWithin(string unitCode, string regionCode)
    {
        if (RegionOf(unitCode) is not { } own || !regions.TryGetValue(own, out var node))
        {
            return false;
        }
        return own == regionCode || IsUnder(node, regionCode);
    }

    /// <summary>Full path of a region such as 甘肃省兰州市城关区, for messages.</summary>
    public string PathOf(string code)
    {
        if (!regions.TryGetValue(code, out var region))
        {
            return code;
        }
        var parts = new List<string>();
        for (var r = region; r is not null && r.Row.Level != "nation"; r = r.Parent)
        {
            parts.Insert(0, r.Row.Name);
        }
        return string.Concat(parts);
    }

    /// <summary>Resolves the text of a unit line (地方/部门、填报单位、推荐单位).</summary>
    /// <param name="parentCode">A region known from outside the file; narrows a bare name found in several places.</param>
    public UnitMatch Resolve(string text, string? parentCode)
    {
        var whole = ResolveOne(text, parentCode);
        var parts = SplitUnits(text);
        if (whole.Unit is not null || parts.Count <= 1)
        {
            return whole;
        }
        // Several bodies on one line (科技局 宣传部 科协) must all name the same place.
        var matches = parts.Select(p => ResolveOne(p, parentCode)).ToList();
        var resolved = matches.Where(m => m.Unit is not null).Select(m => m.Unit!).Distinct().ToList();
        if (resolved.Count == 1)
        {
            return new UnitMatch(resolved[0], resolved);
        }
        if (resolved.Count > 1)
        {
            return new UnitMatch(null, resolved);
        }
        return matches.FirstOrDefault(m => m.IsAmbiguous) ?? new UnitMatch(null, []);
    }

    private UnitMatch ResolveOne(string raw, string? parentCode)
    {
        var text = Normalize(raw);
        if (departmentsByName.TryGetValue(text, out var department))
        {
            return Single(new ResolvedUnit(department.Code, department.Name));
        }
        var name = StripAgency(text);
        if (name.Length == 0)
        {
            return new UnitMatch(null, []);
        }
        if (departmentsByName.TryGetValue(name, out department))
        {
            return Single(new ResolvedUnit(department.Code, department.Name));
        }
        var candidates = MatchPath(name, null).Distinct().ToList();
        if (candidates.Count == 0)
        {
            return new UnitMatch(null, []);
        }
        // A more specific region wins over one of its ancestors read from a shorter prefix.
        candidates = [.. candidates.Where(c => !candidates.Any(o => o != c && IsUnder(o, c.Row.Code)))];
        if (candidates.Count > 1 && parentCode is not null)
        {
            var narrowed = candidates.Where(c => IsUnder(c, parentCode) || c.Row.Code == parentCode).ToList();
            if (narrowed.Count > 0)
            {
                candidates = narrowed;
            }
        }
        return candidates.Count == 1 ? Single(candidates[0].Unit) : new UnitMatch(null, [.. candidates.Select(c => c.Unit)]);
    }

    /// <summary>The county-level regions named in free text (a place such as 兰州市城关区甘肃科技馆), narrowed by context.</summary>
    public UnitMatch FindCounty(string text, string? contextRegionCode)
    {
        var normalized = Normalize(text);
        var named = new List<RegionNode>();
        foreach (var county in counties)
        {
            foreach (var name in CountyNames(county))
            {
                if (normalized.Contains(name, StringComparison.Ordinal))
                {
                    named.Add(county);
                    break;
                }
            }
        }
        if (named.Count > 1)
        {
            // Keep the counties whose city or province is also named, then those in the form's own region.
            var withAncestor = named.Where(c => Ancestors(c).Any(a => NamesOf(a).Any(n => n.Length >= 2 && normalized.Contains(n, StringComparison.Ordinal)))).ToList();
            if (withAncestor.Count > 0)
            {
                named = withAncestor;
            }
        }
        if (named.Count > 1 && contextRegionCode is not null && regions.TryGetValue(contextRegionCode, out var context))
        {
            var near = named.Where(c => c == context || IsUnder(c, contextRegionCode)
                || (context.Parent is { } p && IsUnder(c, p.Row.Code))).ToList();
            if (near.Count > 0)
            {
                named = near;
            }
        }
        // 城关区 inside 兰州市城关区: keep the longest names when one contains another.
        named = [.. named.Where(c => !named.Any(o => o != c && o.Row.Name.Length > c.Row.Name.Length && o.Row.Name.Contains(c.Row.Name, StringComparison.Ordinal)))];
        return named.Count == 1 ? Single(named[0].Unit) : new UnitMatch(null, [.. named.Select(c => c.Unit)]);
    }

    private static UnitMatch Single(ResolvedUnit unit) => new(unit, [unit]);

    /// <summary>Reads the text as a chain of region names (省 → 市 → 县, levels may be skipped), each below the one before.</summary>
    private IEnumerable<RegionNode> MatchPath(string text, RegionNode? above)
    {
        for (var length = Math.Min(text.Length, 20); length >= 2; length--)
        {
            if (!regionsByName.TryGetValue(text[..length], out var found))
            {
                continue;
            }
            var rest = text[length..];
            foreach (var region in found)
            {
                if (above is not null && !IsUnder(region, above.Row.Code))
                {
                    continue;
                }
                if (rest.Length == 0)
                {
                    yield return region;
                }
                else
                {
                    foreach (var deeper in MatchPath(rest, region))
                    {
                        yield return deeper;
                    }
                }
            }
        }
    }

    private static bool IsUnder(RegionNode region, string ancestorCode)
    {
        for (var r = region.Parent; r is not null; r = r.Parent)
        {
            if (r.Row.Code == ancestorCode)
            {
                return true;
            }
        }
        return false;
    }

    private static IEnumerable<RegionNode> Ancestors(RegionNode region)
    {
        for (var r = region.Parent; r is not null && r.Row.Level != "nation"; r = r.Parent)
        {
            yield return r;
        }
    }

    /// <summary>A region's full name, its short name, and the name without its 省/市/区/县 suffix (兰州 for 兰州市).</summary>
    private static IEnumerable<string> NamesOf(RegionNode region)
    {
        var row = region.Row;
        yield return Normalize(row.Name);
        yield return Normalize(row.ShortName);
        foreach (var name in new[] { row.Name, row.ShortName })
        {
            var bare = StripRegionSuffix(Normalize(name));
            if (bare.Length >= 2)
            {
                yield return bare;
            }
        }
        // A functional zone written without its city (高新区 in a Jining form) is read in the city's context.
        if (row.IsFunctionalZone && row.CityName is { } city)
        {
            var cityBare = StripRegionSuffix(city);
            var shortName = Normalize(row.ShortName);
            if (shortName.StartsWith(cityBare, StringComparison.Ordinal) && shortName.Length - cityBare.Length >= 2)
            {
                yield return shortName[cityBare.Length..];
            }
        }
    }

    private static IEnumerable<string> CountyNames(RegionNode county)
    {
        yield return Normalize(county.Row.Name);
        if (county.Row.ShortName != county.Row.Name)
        {
            yield return Normalize(county.Row.ShortName);
        }
    }

    private static string StripRegionSuffix(string name)
    {
        foreach (var suffix in RegionSuffixes)
        {
            if (name.EndsWith(suffix, StringComparison.Ordinal) && name.Length - suffix.Length >= 2)
            {
                return name[..^suffix.Length];
            }
        }
        return name;
    }

    /// <summary>Removes 中共…委 wrappers and agency words, repeatedly: 中共兰州市城关区委宣传部 → 兰州市城关区.</summary>
    public static string StripAgency(string text)
    {
        var name = text;
        if (name.StartsWith("中共", StringComparison.Ordinal))
        {
            name = name[2..];
        }
        bool changed;
        do
        {
            changed = false;
            foreach (var suffix in AgencySuffixes)
            {
                if (name.EndsWith(suffix, StringComparison.Ordinal) && name.Length > suffix.Length)
                {
                    name = name[..^suffix.Length];
                    changed = true;
                    break;
                }
            }
            // 兰州市委 → 兰州市, 城关区委 → 城关区
            if (name.Length > 2 && name[^1] == '委' && name[^2] is '市' or '区' or '县' or '省' or '州' or '旗')
            {
                name = name[..^1];
                changed = true;
            }
        }
        while (changed);
        return name;
    }

    /// <summary>NFKC, no whitespace, no seal remarks such as （盖章）, no trailing punctuation.</summary>
    public static string Normalize(string text)
    {
        var s = text.Normalize(NormalizationForm.FormKC);
        foreach (var remark in new[] { "(盖章)", "(公章)", "(章)", "(签章)" })
        {
            s = s.Replace(remark, "", StringComparison.Ordinal);
        }
        var builder = new StringBuilder(s.Length);
        foreach (var c in s)
        {
            if (!char.IsWhiteSpace(c) && c != '\u3000')
            {
                builder.Append(c);
            }
        }
        return builder.ToString().Trim(':', '：', '。', '.', ',', '，', ';', '；');
    }

    private static List<string> SplitUnits(string text) =>
        [.. text.Normalize(NormalizationForm.FormKC)
            .Split([' ', '\u3000', '\t', '\n', '\r', '、', ',', '，', ';', '；', '/'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(Normalize)
            .Where(p => p.Length > 0)
            .DefaultIfEmpty(Normalize(text))
            .Where(p => p.Length > 0)];

    private sealed class RegionNode(RegionRow row)
    {
        public RegionRow Row { get; } = row;
        public RegionNode? Parent { get; set; }
        public ResolvedUnit Unit { get; } = new(row.Code, row.Name);
    }
}
