using System.Text;
using Npgsql;
using NpgsqlTypes;

namespace ScienceWeek.Dashboard.Values;

/// <summary>
/// One number of the warehouse's one-number rule (mart_region_value) for a region, year and measure, with where it
/// came from: a reported value carries its submission, sheet and cell; a derived value the count of forms it sums.
/// </summary>
public sealed record RegionValueRow(
    string Region,
    string RegionName,
    string Level,
    string? Parent,
    int Year,
    string Measure,
    decimal? Value,
    string Basis,
    long? SubmissionKey,
    string? FileName,
    DateTimeOffset? ReceivedAt,
    string? SourceSheet,
    string? SourceCell,
    int ContributingForms,
    int ReportingChildren,
    int ExpectedChildren)
{
    public bool IsReported => Basis == "reported";

    /// <summary>Sheet!Cell of a reported value, e.g. 统计表!C6.</summary>
    public string? SourceLocation => SourceCell is null ? SourceSheet : SourceSheet is null ? SourceCell : $"{SourceSheet}!{SourceCell}";
}

/// <summary>
/// Which values to read. Regions are either listed by code, or chosen by <see cref="Level"/> and/or
/// <see cref="Parent"/> (parent alone: its direct sub-regions; with a level: every region of that level under it).
/// Null or empty years means every year.
/// </summary>
public sealed record RegionValueQuery(
    IReadOnlyCollection<string> Measures,
    IReadOnlyCollection<int>? Years = null,
    IReadOnlyCollection<string>? Regions = null,
    string? Level = null,
    string? Parent = null);

/// <summary>Reads mart_region_value: the single shared query behind the pages, the API and the downloads.</summary>
public sealed class RegionValues(NpgsqlDataSource dataSource)
{
    public async Task<IReadOnlyList<RegionValueRow>> QueryAsync(RegionValueQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var sql = new StringBuilder("""
            select r.region_code, r.region_name, r.level, p.region_code as parent_code,
                   v.year, v.measure_code, v.value, v.basis,
                   v.submission_key, s.file_name, s.received_at, v.source_sheet, v.source_cell,
                   v.contributing_forms, v.reporting_children, v.expected_children
            from mart_region_value v
            join dim_region r on r.region_key = v.region_key
            left join dim_region p on p.region_key = r.parent_region_key
            left join dim_submission s on s.submission_key = v.submission_key
            join dim_measure m on m.measure_code = v.measure_code
            where v.measure_code = any(@measures)
            """);
        await using var command = dataSource.CreateCommand();
        command.Parameters.Add(new NpgsqlParameter("measures", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = query.Measures.ToArray() });
        if (query.Years is { Count: > 0 } years)
        {
            sql.Append(" and v.year = any(@years)");
            command.Parameters.Add(new NpgsqlParameter("years", NpgsqlDbType.Array | NpgsqlDbType.Integer) { Value = years.ToArray() });
        }
        if (query.Regions is { Count: > 0 } regions)
        {
            sql.Append(" and r.region_code = any(@regions)");
            command.Parameters.Add(new NpgsqlParameter("regions", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = regions.ToArray() });
        }
        if (!string.IsNullOrEmpty(query.Level))
        {
            sql.Append(" and r.level = @level");
            command.Parameters.Add(new NpgsqlParameter("level", NpgsqlDbType.Text) { Value = query.Level });
        }
        if (!string.IsNullOrEmpty(query.Parent))
        {
            sql.Append(string.IsNullOrEmpty(query.Level)
                ? " and p.region_code = @parent"
                : """
                   and v.region_key in (
                      select c.descendant_key from region_closure c
                      join dim_region a on a.region_key = c.ancestor_key
                      where a.region_code = @parent and c.depth > 0)
                  """);
            command.Parameters.Add(new NpgsqlParameter("parent", NpgsqlDbType.Text) { Value = query.Parent });
        }
        sql.Append(" order by r.region_code, v.year, m.sort_order");
        command.CommandText = sql.ToString();

        var rows = new List<RegionValueRow>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new RegionValueRow(
                Region: reader.GetString(0),
                RegionName: reader.GetString(1),
                Level: reader.GetString(2),
                Parent: reader.IsDBNull(3) ? null : reader.GetString(3),
                Year: reader.GetInt32(4),
                Measure: reader.GetString(5),
                Value: reader.IsDBNull(6) ? null : Normalize(reader.GetDecimal(6)),
                Basis: reader.GetString(7),
                SubmissionKey: reader.IsDBNull(8) ? null : reader.GetInt64(8),
                FileName: reader.IsDBNull(9) ? null : reader.GetString(9),
                ReceivedAt: reader.IsDBNull(10) ? null : reader.GetFieldValue<DateTimeOffset>(10),
                SourceSheet: reader.IsDBNull(11) ? null : reader.GetString(11),
                SourceCell: reader.IsDBNull(12) ? null : reader.GetString(12),
                ContributingForms: reader.GetInt32(13),
                ReportingChildren: reader.GetInt32(14),
                ExpectedChildren: reader.GetInt32(15)));
        }
        return rows;
    }

    /// <summary>Drops the trailing zeros numeric(18,4) brings (594.5000 → 594.5), so JSON and text show the number as entered.</summary>
    public static decimal Normalize(decimal value) => value / 1.000000000000000000000000000000000m;

    /// <summary>The years that have at least one value, newest first.</summary>
    public async Task<IReadOnlyList<int>> YearsAsync(CancellationToken cancellationToken = default)
    {
        // One index probe per science week instead of a scan of the whole mart.
        await using var command = dataSource.CreateCommand("""
            select y.year from dim_year y
            where exists (select 1 from mart_region_value v where v.year = y.year)
            order by y.year desc
            """);
        var years = new List<int>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            years.Add(reader.GetInt32(0));
        }
        return years;
    }
}
