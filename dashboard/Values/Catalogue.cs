using System.Collections.Frozen;
using Npgsql;

namespace ScienceWeek.Dashboard.Values;

/// <summary>A region of dim_region as the dashboard names and nests it.</summary>
public sealed record Region(
    string Code,
    string Name,
    string ShortName,
    string Level,
    string? Parent,
    bool IsFunctionalZone,
    long? Population2020);

/// <summary>A measure of dim_measure: its Chinese name, unit and group.</summary>
public sealed record Measure(string Code, string NameZh, string UnitZh, string Group, bool IsTotal, int SortOrder)
{
    public bool IsMoney => UnitZh == "万元";
}

/// <summary>
/// The regions and measures, read once from the warehouse's dimensions and kept for a few minutes: they are
/// reference data that changes with a migration or a reference-data load, not with a submission.
/// </summary>
public sealed class Catalogue(NpgsqlDataSource dataSource, TimeProvider clock)
{
    private static readonly TimeSpan lifetime = TimeSpan.FromMinutes(5);
    private Task<Snapshot>? current;

    public async Task<Snapshot> GetAsync(CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        var reading = current;
        if (reading is not null && (!reading.IsCompleted || (reading.IsCompletedSuccessfully && now - reading.Result.ReadAt < lifetime)))
        {
            return await reading.WaitAsync(cancellationToken);
        }
        // Concurrent first requests may both read; the dimensions are small and the last reading wins.
        reading = ReadAsync(now, CancellationToken.None);
        current = reading;
        return await reading.WaitAsync(cancellationToken);
    }

    private async Task<Snapshot> ReadAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var regions = new List<Region>();
        await using (var command = dataSource.CreateCommand("""
            select r.region_code, r.region_name, r.short_name, r.level, p.region_code, r.is_functional_zone, r.population_2020
            from dim_region r left join dim_region p on p.region_key = r.parent_region_key
            order by r.region_code
            """))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                regions.Add(new Region(
                    reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
                    reader.IsDBNull(4) ? null : reader.GetString(4), reader.GetBoolean(5),
                    reader.IsDBNull(6) ? null : reader.GetInt64(6)));
            }
        }
        var measures = new List<Measure>();
        await using (var command = dataSource.CreateCommand(
            "select measure_code, name_zh, unit_zh, measure_group, is_total, sort_order from dim_measure order by sort_order"))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                measures.Add(new Measure(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetBoolean(4), reader.GetInt32(5)));
            }
        }
        return new Snapshot(regions, measures, now);
    }

    /// <summary>One reading of the dimensions.</summary>
    public sealed class Snapshot
    {
        internal Snapshot(IReadOnlyList<Region> regions, IReadOnlyList<Measure> measures, DateTimeOffset readAt)
        {
            Regions = regions;
            Measures = measures;
            ReadAt = readAt;
            RegionsByCode = regions.ToFrozenDictionary(r => r.Code, StringComparer.OrdinalIgnoreCase);
            MeasuresByCode = measures.ToFrozenDictionary(m => m.Code, StringComparer.Ordinal);
            Children = regions.Where(r => r.Parent is not null).GroupBy(r => r.Parent!)
                .ToFrozenDictionary(g => g.Key, g => (IReadOnlyList<Region>)[.. g]);
        }

        public IReadOnlyList<Region> Regions { get; }
        public IReadOnlyList<Measure> Measures { get; }
        public DateTimeOffset ReadAt { get; }
        public FrozenDictionary<string, Region> RegionsByCode { get; }
        public FrozenDictionary<string, Measure> MeasuresByCode { get; }
        public FrozenDictionary<string, IReadOnlyList<Region>> Children { get; }

        public Region? Region(string? code) => code is not null && RegionsByCode.TryGetValue(code, out var region) ? region : null;

        public Measure? Measure(string? code) => code is not null && MeasuresByCode.TryGetValue(code, out var measure) ? measure : null;

        public IReadOnlyList<Region> ChildrenOf(string code) => Children.TryGetValue(code, out var children) ? children : [];

        /// <summary>The region and its ancestors, nation first.</summary>
        public IReadOnlyList<Region> PathTo(string code)
        {
            var path = new List<Region>();
            for (var region = Region(code); region is not null; region = Region(region.Parent))
            {
                path.Insert(0, region);
            }
            return path;
        }
    }
}
