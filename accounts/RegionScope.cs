using Npgsql;

namespace ScienceWeek.Accounts;

/// <summary>
/// Which regions an account may see or submit for: its own region and everything under it (000000: the whole country).
/// The one place every page, API answer, download and upload asks; the region tree comes from dim_region.
/// </summary>
public sealed class RegionScope(NpgsqlDataSource dataSource)
{
    public const string Nation = "000000";

    private Task<Tree>? tree;

    private sealed record Tree(IReadOnlyDictionary<string, string?> Parents, IReadOnlyDictionary<string, string> UnitRegions, IReadOnlyDictionary<string, string> Names);

    /// <summary>Whether <paramref name="code"/> (a region code, or a reporting unit's code) lies within <paramref name="scope"/>.</summary>
    public async Task<bool> ContainsAsync(string scope, string code, CancellationToken cancellationToken)
    {
        if (scope == Nation)
        {
            return true;
        }
        var regions = await TreeAsync(cancellationToken);
        var region = regions.UnitRegions.TryGetValue(code, out var unitRegion) ? unitRegion : code;
        for (var seen = 0; region is not null && seen < 8; seen++)
        {
            if (string.Equals(region, scope, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
            region = regions.Parents.TryGetValue(region, out var parent) ? parent : null;
        }
        return false;
    }

    /// <summary>Whether the region exists in the warehouse's reference data.</summary>
    public async Task<bool> ExistsAsync(string code, CancellationToken cancellationToken) =>
        (await TreeAsync(cancellationToken)).Parents.ContainsKey(code);

    /// <summary>A region's name for messages, or the code itself.</summary>
    public async Task<string> NameAsync(string code, CancellationToken cancellationToken) =>
        (await TreeAsync(cancellationToken)).Names.TryGetValue(code, out var name) ? name : code;

    private Task<Tree> TreeAsync(CancellationToken cancellationToken) => tree ??= LoadAsync(cancellationToken);

    private async Task<Tree> LoadAsync(CancellationToken cancellationToken)
    {
        var parents = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        var names = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var units = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        await using (var command = dataSource.CreateCommand(
            "select r.region_code, p.region_code, r.region_name from dim_region r left join dim_region p on p.region_key = r.parent_region_key"))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                parents[reader.GetString(0)] = reader.IsDBNull(1) ? null : reader.GetString(1);
                names[reader.GetString(0)] = reader.GetString(2);
            }
        }
        await using (var command = dataSource.CreateCommand(
            "select u.unit_code, r.region_code from dim_reporting_unit u join dim_region r using (region_key)"))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                units[reader.GetString(0)] = reader.GetString(1);
            }
        }
        return new Tree(parents, units, names);
    }
}
