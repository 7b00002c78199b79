using Npgsql;
using NpgsqlTypes;

namespace ScienceWeek.Dashboard.Values;

/// <summary>
/// A region's like-for-like value of a measure in one of two years: only the reporting units that made up its value in both
/// years (<see cref="Units"/> of the <see cref="AllUnits"/> that made it up that year).
/// </summary>
public sealed record LikeForLikeRow(string Region, int Year, string Measure, decimal? Value, int Units, int AllUnits);

/// <summary>
/// The one like-for-like reading of the dashboard, over mart_region_form (the forms that make up each region's number):
/// what every page that compares two years shows with lfl=1, and the compare page's like-for-like download.
/// </summary>
public sealed class LikeForLikeValues(NpgsqlDataSource dataSource)
{
    /// <summary>The regions' like-for-like values of the measures in the years <paramref name="from"/> and <paramref name="to"/>.</summary>
    public async Task<IReadOnlyList<LikeForLikeRow>> ReadAsync(
        IReadOnlyCollection<string> regions, int from, int to, IReadOnlyCollection<string> measures, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand($$"""
            with made_of as (
                select m.region_key, m.year, m.submission_key, m.reporting_unit_key
                from mart_region_form m
                join dim_region r using (region_key)
                where r.region_code = any(@regions) and m.year = any(@years)
            ),
            in_both as (
                select region_key, reporting_unit_key from made_of group by region_key, reporting_unit_key having count(distinct year) = 2
            ),
            all_units as (
                select region_key, year, count(*)::integer as units from made_of group by region_key, year
            )
            select r.region_code, a.year, ms.measure_code,
                   sum(case when b.reporting_unit_key is not null then {{FormMeasureValue.Sql("f.submission_key", "ms.measure_code")}} end) as value,
                   count(b.reporting_unit_key)::integer as units, a.units as all_units
            from all_units a
            cross join unnest(@measures) as ms(measure_code)
            join dim_region r on r.region_key = a.region_key
            left join made_of f on f.region_key = a.region_key and f.year = a.year
            left join in_both b on b.region_key = f.region_key and b.reporting_unit_key = f.reporting_unit_key
            group by r.region_code, a.year, ms.measure_code, a.units
            order by r.region_code, a.year, ms.measure_code
            """);
        command.Parameters.Add(new NpgsqlParameter("regions", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = regions.ToArray() });
        command.Parameters.Add(new NpgsqlParameter("years", NpgsqlDbType.Array | NpgsqlDbType.Integer) { Value = new[] { from, to } });
        command.Parameters.Add(new NpgsqlParameter("measures", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = measures.Distinct().ToArray() });
        var rows = new List<LikeForLikeRow>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new LikeForLikeRow(reader.GetString(0), reader.GetInt32(1), reader.GetString(2),
                reader.IsDBNull(3) ? null : RegionValues.Normalize(reader.GetDecimal(3)), reader.GetInt32(4), reader.GetInt32(5)));
        }
        return rows;
    }
}
