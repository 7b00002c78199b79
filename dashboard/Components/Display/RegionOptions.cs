using System.Collections.Frozen;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.AspNetCore.Components;
using ScienceWeek.Dashboard.Values;

namespace ScienceWeek.Dashboard.Components.Display;

/// <summary>
/// The options of the region picker as HTML: the chosen regions, the nation, Lanzhou, Taiyuan and Jining with their
/// districts, then every province and city (about 400 options on every page); the picker's search (RegionSearch) reaches
/// every county as well. Each option is encoded once per reading of the
/// catalogue; a page joins them, which costs a fraction of rendering 400 elements one by one.
/// </summary>
public static class RegionOptions
{
    private static readonly HtmlEncoder encoder = HtmlEncoder.Create(UnicodeRanges.All);
    private static readonly ConditionalWeakTable<Catalogue.Snapshot, Groups> groups = new();

    private sealed record Groups(
        IReadOnlyList<Region> Nation, IReadOnlyList<Region> Samples, IReadOnlyList<Region> Provinces, IReadOnlyList<Region> Cities, FrozenDictionary<string, string> Options);

    /// <summary>The options, only those within the signed-in account's region scope (<paramref name="within"/>).</summary>
    public static MarkupString Html(Scope scope, string within)
    {
        var all = groups.GetValue(scope.Catalogue, Build);
        var selected = scope.Regions.Select(r => r.Code).ToHashSet(StringComparer.Ordinal);
        var html = new StringBuilder(32 * 1024);
        html.Append("<optgroup label=\"已选\">");
        foreach (var region in scope.Regions)
        {
            html.Append("<option value=\"").Append(encoder.Encode(region.Code)).Append("\" selected>")
                .Append(encoder.Encode(region.Name)).Append("</option>");
        }
        html.Append("</optgroup>");
        bool Offered(Region region) => !selected.Contains(region.Code) && RegionSearch.Within(scope.Catalogue, within, region);
        Group(html, "全国", all.Nation, Offered, all.Options);
        Group(html, "兰州、太原、济宁及其区县", all.Samples, Offered, all.Options);
        Group(html, "省级", all.Provinces, Offered, all.Options);
        Group(html, "市级", all.Cities, Offered, all.Options);
        return new MarkupString(html.ToString());
    }

    private static void Group(StringBuilder html, string label, IReadOnlyList<Region> regions, Func<Region, bool> offered, FrozenDictionary<string, string> options)
    {
        html.Append("<optgroup label=\"").Append(label).Append("\">");
        foreach (var region in regions)
        {
            if (offered(region))
            {
                html.Append(options[region.Code]);
            }
        }
        html.Append("</optgroup>");
    }

    private static Groups Build(Catalogue.Snapshot catalogue)
    {
        var samples = Scope.DefaultRegions.Select(catalogue.Region).OfType<Region>()
            .SelectMany(c => (IEnumerable<Region>)[c, .. catalogue.ChildrenOf(c.Code)]).ToList();
        var sampleCodes = samples.Select(r => r.Code).ToHashSet(StringComparer.Ordinal);
        var nation = catalogue.Regions.Where(r => r.Level == "nation").ToList();
        var provinces = catalogue.Regions.Where(r => r.Level == "province").ToList();
        var cities = catalogue.Regions.Where(r => r.Level == "city" && !sampleCodes.Contains(r.Code)).ToList();
        var options = nation.Concat(samples).Concat(provinces).Concat(cities).DistinctBy(r => r.Code)
            .ToFrozenDictionary(r => r.Code, r => $"<option value=\"{encoder.Encode(r.Code)}\">{encoder.Encode(r.Name)}</option>", StringComparer.Ordinal);
        return new Groups(nation, samples, provinces, cities, options);
    }
}
