using Npgsql;
using NpgsqlTypes;
using ScienceWeek.Dashboard.Data;
using ScienceWeek.Warehouse.Model;
using Region = ScienceWeek.Dashboard.Data.Region;

namespace ScienceWeek.Dashboard.Publishing;

/// <summary>One unit whose current statistics form makes up the region's number (a row of mart_region_form).</summary>
public sealed record ContributingUnit(string Code, string Name, string Basis, IReadOnlyDictionary<string, decimal?> Values);

/// <summary>One featured activity recommended by the region or a unit below it (fact_featured_activity).</summary>
public sealed record FeaturedItem(string Name, string? Description, string? When, string? Place, string? Unit, string? Contact, string RecommendedBy);

/// <summary>
/// Everything the documents of one region and year are built from: its values (mart_region_value) for the year and the
/// four before it, its direct sub-regions' values for the year and the one before, and the forms that make up its number.
/// </summary>
public sealed record PublishData(
    Region Region,
    int Year,
    ValueSet Values,
    IReadOnlyList<Region> Children,
    ValueSet ChildValues,
    IReadOnlyList<ContributingUnit> Units,
    IReadOnlyList<FeaturedItem> Featured,
    Catalogue.Snapshot Catalogue)
{
    public const int TrendYears = 5;

    public RegionValueRow? Row(string measure, int? year = null) => Values.Row(Region.Code, year ?? Year, measure);

    public decimal? Value(string measure, int? year = null) => Values.Value(Region.Code, year ?? Year, measure);

    public bool HasValues => Measures.OnForm.Any(m => Row(m) is not null);

    /// <summary>Reported (its own form) or derived (the sum of forms below it), from any of the year's rows.</summary>
    public RegionValueRow? Basis => Measures.All.Select(m => Row(m)).FirstOrDefault(r => r is not null);

    public IEnumerable<int> TrendRange => Enumerable.Range(Year - TrendYears + 1, TrendYears);

    /// <summary>The sum of the direct sub-regions' values, for a region that reported its own form (null where none has one).</summary>
    public decimal? ChildSum(string measure)
    {
        var parts = Children.Select(c => ChildValues.Value(c.Code, Year, measure)).Where(v => v is not null).ToList();
        return parts.Count == 0 ? null : parts.Sum();
    }
}

/// <summary>Reads a region's publishing data through the mart views only, so every number equals the dashboard's.</summary>
public sealed class PublishQuery(NpgsqlDataSource dataSource, RegionValues values, Catalogue catalogue)
{
    /// <summary>The data for a region and year, or null when the region code is unknown.</summary>
    public async Task<PublishData?> GetAsync(string code, int year, CancellationToken cancellationToken)
    {
        var snapshot = await catalogue.GetAsync(cancellationToken);
        if (snapshot.Region(code) is not { } region)
        {
            return null;
        }
        var years = Enumerable.Range(year - PublishData.TrendYears + 1, PublishData.TrendYears).ToList();
        var own = await values.QueryAsync(new RegionValueQuery(Measures.All, years, [region.Code]), cancellationToken);
        var children = snapshot.ChildrenOf(region.Code);
        var childRows = children.Count == 0
            ? []
            : await values.QueryAsync(new RegionValueQuery(Measures.All, [year - 1, year], Parent: region.Code), cancellationToken);
        var units = await UnitsAsync(region.Code, year, cancellationToken);
        var featured = await FeaturedAsync(region.Code, year, cancellationToken);
        return new PublishData(region, year, new ValueSet(own), children, new ValueSet(childRows), units, featured, snapshot);
    }

    private async Task<IReadOnlyList<ContributingUnit>> UnitsAsync(string code, int year, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            select u.unit_code, u.unit_name, f.basis, v.measure_code, v.value
            from mart_region_form f
            join dim_region r on r.region_key = f.region_key
            join dim_reporting_unit u on u.reporting_unit_key = f.reporting_unit_key
            join form_measure_value v on v.submission_key = f.submission_key
            where r.region_code = @code and f.year = @year
            order by u.unit_code, v.measure_code
            """);
        command.Parameters.Add(new NpgsqlParameter("code", NpgsqlDbType.Text) { Value = code });
        command.Parameters.Add(new NpgsqlParameter("year", NpgsqlDbType.Integer) { Value = year });
        var units = new List<(string Code, string Name, string Basis, Dictionary<string, decimal?> Values)>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var unitCode = reader.GetString(0);
            if (units.Count == 0 || units[^1].Code != unitCode)
            {
                units.Add((unitCode, reader.GetString(1), reader.GetString(2), new Dictionary<string, decimal?>(StringComparer.Ordinal)));
            }
            units[^1].Values[reader.GetString(3)] = reader.IsDBNull(4) ? null : RegionValues.Normalize(reader.GetDecimal(4));
        }
        return [.. units.Select(u => new ContributingUnit(u.Code, u.Name, u.Basis, u.Values))];
    }

    /// <summary>The region's own recommendations first, then those of units below it, as recommended (at most five are shown).</summary>
    private async Task<IReadOnlyList<FeaturedItem>> FeaturedAsync(string code, int year, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            select a.activity_name, a.description, a.held_when, a.place, a.recommending_unit, a.contact, u.unit_name
            from fact_featured_activity a
            join dim_submission s on s.submission_key = a.submission_key
            join dim_reporting_unit u on u.reporting_unit_key = a.reporting_unit_key
            join region_closure c on c.descendant_key = u.region_key
            join dim_region r on r.region_key = c.ancestor_key
            where r.region_code = @code and a.year = @year and s.is_current and s.status in ('accepted', 'warning')
            order by c.depth, u.unit_code, a.row_number
            limit 50
            """);
        command.Parameters.Add(new NpgsqlParameter("code", NpgsqlDbType.Text) { Value = code });
        command.Parameters.Add(new NpgsqlParameter("year", NpgsqlDbType.Integer) { Value = year });
        var items = new List<FeaturedItem>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            string? Text(int i) => reader.IsDBNull(i) ? null : reader.GetString(i);
            items.Add(new FeaturedItem(reader.GetString(0), Text(1), Text(2), Text(3), Text(4), Text(5), reader.GetString(6)));
        }
        return items;
    }
}
