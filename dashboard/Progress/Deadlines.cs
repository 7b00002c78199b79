using Npgsql;

namespace ScienceWeek.Dashboard.Progress;

/// <summary>A deadline as the admin page lists it.</summary>
public sealed record DeadlineRow(int Year, string RegionCode, string RegionName, string FormKind, DateOnly DueDate, string Source, string? SetBy);

/// <summary>
/// The deadlines of reporting_deadline: those of the notices (seed/reference/deadlines.csv) and those admins set in the
/// browser. Setting one records the account; a later reference-data load leaves it as the admin set it.
/// </summary>
public sealed class Deadlines(NpgsqlDataSource dataSource)
{
    public async Task<IReadOnlyList<DeadlineRow>> ListAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            select d.year, r.region_code, r.region_name, d.form_kind, d.due_date, d.source, d.set_by
            from reporting_deadline d join dim_region r using (region_key)
            order by d.year desc, r.region_code, d.form_kind
            """);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<DeadlineRow>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new DeadlineRow(reader.GetInt32(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
                reader.GetFieldValue<DateOnly>(4), reader.GetString(5), reader.IsDBNull(6) ? null : reader.GetString(6)));
        }
        return rows;
    }

    /// <summary>Sets (or moves) the deadline of a collecting region's form for a year; false when the region is unknown.</summary>
    public async Task<bool> SetAsync(int year, string regionCode, string formKind, DateOnly dueDate, string account, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            with y as (insert into dim_year (year) values ($1) on conflict do nothing)
            insert into reporting_deadline (year, region_key, form_kind, due_date, source, set_by, set_at)
            select $1, r.region_key, $3, $4, '管理员 ' || $5 || ' 在看板设置', $5, now()
            from dim_region r where r.region_code = $2
            on conflict (year, region_key, form_kind) do update set
                due_date = excluded.due_date, source = excluded.source, set_by = excluded.set_by, set_at = excluded.set_at
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = year });
        command.Parameters.Add(new NpgsqlParameter { Value = regionCode });
        command.Parameters.Add(new NpgsqlParameter { Value = formKind });
        command.Parameters.Add(new NpgsqlParameter { Value = dueDate });
        command.Parameters.Add(new NpgsqlParameter { Value = account });
        return await command.ExecuteNonQueryAsync(cancellationToken) > 0;
    }
}
