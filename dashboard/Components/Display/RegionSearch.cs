using System.Text.Json.Serialization;
using ScienceWeek.Accounts;
using ScienceWeek.Dashboard.Accounts;
using ScienceWeek.Dashboard.Values;

namespace ScienceWeek.Dashboard.Components.Display;

/// <summary>A region the picker's search found: its code, name and the names of the regions above it.</summary>
public sealed record RegionHit(
    [property: JsonPropertyName("code")] string Code,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("level")] string Level,
    [property: JsonPropertyName("path")] string Path);

/// <summary>
/// The region picker's search over every region of dim_region (nation, provinces, cities, counties, zones):
/// GET /api/v1/regions?q=榆中 or ?q=6201. Exact names first, then higher levels, then by code; only regions within the
/// signed-in account's scope.
/// </summary>
public static class RegionSearch
{
    public const int Limit = 20;

    /// <summary>Whether a region lies within an account's region scope (000000: the whole country), as RegionScope decides.</summary>
    public static bool Within(Catalogue.Snapshot catalogue, string scope, Region region) =>
        scope == RegionScope.Nation || catalogue.PathTo(region.Code).Any(a => string.Equals(a.Code, scope, StringComparison.OrdinalIgnoreCase));

    /// <summary>The regions matching a name or code, only those within <paramref name="scope"/>.</summary>
    public static IReadOnlyList<RegionHit> Find(Catalogue.Snapshot catalogue, string? text, string scope = RegionScope.Nation)
    {
        var q = (text ?? "").Trim();
        if (q.Length == 0 || q.Length > 40)
        {
            return [];
        }
        return [.. catalogue.Regions
            .Where(r => r.Code.StartsWith(q, StringComparison.OrdinalIgnoreCase) || r.Name.Contains(q, StringComparison.Ordinal) || r.ShortName.Contains(q, StringComparison.Ordinal))
            .Where(r => Within(catalogue, scope, r))
            .OrderBy(r => r.Name == q || r.ShortName == q || r.Code == q ? 0 : 1)
            .ThenBy(r => LevelOrder(r.Level))
            .ThenBy(r => r.Code, StringComparer.Ordinal)
            .Take(Limit)
            .Select(r => new RegionHit(r.Code, r.Name, r.Level, string.Join(" ", catalogue.PathTo(r.Code).SkipLast(1).Skip(1).Select(a => a.Name))))];
    }

    /// <summary>The one region of that exact name (全名 or 简称), for names typed into the picker; null when none or several.</summary>
    public static Region? ByUniqueName(Catalogue.Snapshot catalogue, string name)
    {
        var matches = catalogue.Regions.Where(r => r.Name == name || r.ShortName == name).Take(2).ToList();
        return matches.Count == 1 ? matches[0] : null;
    }

    private static int LevelOrder(string level) => level switch { "nation" => 0, "province" => 1, "city" => 2, _ => 3 };

    public static IEndpointRouteBuilder MapRegionSearch(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/regions", async (string? q, HttpContext context, Catalogue catalogue, CancellationToken cancellationToken) =>
            Results.Json(Find(await catalogue.GetAsync(cancellationToken), q, context.User.RegionScopeCode())));
        return app;
    }
}
