using System.Diagnostics;
using System.Security.Cryptography;
using Npgsql;
using NpgsqlTypes;

namespace ScienceWeek.Dashboard.Bench;

/// <summary>
/// Fills a migrated warehouse with a national-scale set of statistics forms, straight into dim_submission and the
/// facts with binary COPY (bench set-up, not the ETL path): every county-level unit and every department reports
/// each year (one in twenty skips a year), about 60% of the cities and 30% of the provinces report a
/// consolidated form of their own, the rest are derived. The numbers are random but seeded, so runs compare.
/// </summary>
public static class NationalWarehouse
{
    public sealed record Summary(int Submissions, long FactRows, TimeSpan Load, TimeSpan Refresh, long MartRows);

    public static async Task<Summary> LoadAsync(NpgsqlDataSource dataSource, int firstYear, int lastYear, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await ExecuteAsync(connection, $"insert into dim_year (year) select generate_series({firstYear}, {lastYear}) on conflict do nothing", cancellationToken);

        var units = new List<(int Key, string Kind, string Level, string Code)>();
        await using (var command = new NpgsqlCommand("""
            select u.reporting_unit_key, u.unit_kind, r.level, u.unit_code
            from dim_reporting_unit u join dim_region r using (region_key)
            where r.level <> 'nation' order by u.reporting_unit_key
            """, connection))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                units.Add((reader.GetInt32(0), reader.GetString(1), reader.GetString(2), reader.GetString(3)));
            }
        }

        var random = new Random(20260521);
        var forms = new List<(long Key, int Unit, int Year, string Level)>();
        long key = 0;
        foreach (var unit in units)
        {
            for (var year = firstYear; year <= lastYear; year++)
            {
                var roll = random.NextDouble();
                var reports = unit.Kind == "department" || unit.Level == "county" ? roll < 0.95
                    : unit.Level == "city" ? roll < 0.6
                    : roll < 0.3;
                if (reports)
                {
                    forms.Add((++key, unit.Key, year, unit.Level));
                }
            }
        }

        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var received = new DateTime(2026, 6, 1, 8, 0, 0, DateTimeKind.Utc);
        await using (var copy = await connection.BeginBinaryImportAsync("""
            copy dim_submission (submission_key, file_name, sha256, received_at, loaded_at, form_kind, reporting_unit_key,
                                 year, version, status, is_current) from stdin (format binary)
            """, cancellationToken))
        {
            foreach (var form in forms)
            {
                await copy.StartRowAsync(cancellationToken);
                await copy.WriteAsync(form.Key, NpgsqlDbType.Bigint, cancellationToken);
                await copy.WriteAsync($"{form.Unit}_{form.Year}_统计表.xlsx", NpgsqlDbType.Text, cancellationToken);
                await copy.WriteAsync(Convert.ToHexString(SHA256.HashData(BitConverter.GetBytes(form.Key))).ToLowerInvariant(), NpgsqlDbType.Char, cancellationToken);
                await copy.WriteAsync(received.AddYears(form.Year - lastYear), NpgsqlDbType.TimestampTz, cancellationToken);
                await copy.WriteAsync(received.AddYears(form.Year - lastYear), NpgsqlDbType.TimestampTz, cancellationToken);
                await copy.WriteAsync("statistics", NpgsqlDbType.Text, cancellationToken);
                await copy.WriteAsync(form.Unit, NpgsqlDbType.Integer, cancellationToken);
                await copy.WriteAsync(form.Year, NpgsqlDbType.Integer, cancellationToken);
                await copy.WriteAsync(1, NpgsqlDbType.Integer, cancellationToken);
                await copy.WriteAsync("accepted", NpgsqlDbType.Text, cancellationToken);
                await copy.WriteAsync(true, NpgsqlDbType.Boolean, cancellationToken);
            }
            await copy.CompleteAsync(cancellationToken);
        }

        long factRows = 0;
        // Scale: a province's own form is larger than a city's, a city's than a county's.
        double Scale(string level) => level switch { "province" => 40, "city" => 8, _ => 1 };
        string[] fundingCells = ["C5", "C6", "C7", "C8", "C9", "C10", "C11"];
        await using (var copy = await connection.BeginBinaryImportAsync("""
            copy fact_funding (submission_key, reporting_unit_key, year, funding_source_key, amount_wan, source_sheet, source_cell)
            from stdin (format binary)
            """, cancellationToken))
        {
            foreach (var form in forms)
            {
                for (short source = 1; source <= 7; source++)
                {
                    await copy.StartRowAsync(cancellationToken);
                    await copy.WriteAsync(form.Key, NpgsqlDbType.Bigint, cancellationToken);
                    await copy.WriteAsync(form.Unit, NpgsqlDbType.Integer, cancellationToken);
                    await copy.WriteAsync(form.Year, NpgsqlDbType.Integer, cancellationToken);
                    await copy.WriteAsync(source, NpgsqlDbType.Smallint, cancellationToken);
                    await copy.WriteAsync(Math.Round((decimal)(random.NextDouble() * 20 * Scale(form.Level)), 2), NpgsqlDbType.Numeric, cancellationToken);
                    await copy.WriteAsync("统计表", NpgsqlDbType.Text, cancellationToken);
                    await copy.WriteAsync(fundingCells[source - 1], NpgsqlDbType.Text, cancellationToken);
                    factRows++;
                }
            }
            await copy.CompleteAsync(cancellationToken);
        }
        factRows += await PeopleAsync(connection, "fact_staffing", "staff_type_key", 4, 12, forms, random, Scale, cancellationToken);
        factRows += await PeopleAsync(connection, "fact_participation", "participation_channel_key", 2, 16, forms, random, Scale, cancellationToken);

        await using (var copy = await connection.BeginBinaryImportAsync("""
            copy fact_outreach (submission_key, reporting_unit_key, year, source_sheet,
                activities, activities_cell, media_outlets, media_outlets_cell, media_reports, media_reports_cell,
                venues_opened, venues_opened_cell, institutions_opened, institutions_opened_cell,
                universities_opened, universities_opened_cell) from stdin (format binary)
            """, cancellationToken))
        {
            foreach (var form in forms)
            {
                var scale = Scale(form.Level);
                await copy.StartRowAsync(cancellationToken);
                await copy.WriteAsync(form.Key, NpgsqlDbType.Bigint, cancellationToken);
                await copy.WriteAsync(form.Unit, NpgsqlDbType.Integer, cancellationToken);
                await copy.WriteAsync(form.Year, NpgsqlDbType.Integer, cancellationToken);
                await copy.WriteAsync("统计表", NpgsqlDbType.Text, cancellationToken);
                var column = 0;
                foreach (var max in new[] { 60, 15, 80, 8, 5, 3 })
                {
                    await copy.WriteAsync((long)(random.Next(max) * scale), NpgsqlDbType.Bigint, cancellationToken);
                    await copy.WriteAsync($"C{18 + column++}", NpgsqlDbType.Text, cancellationToken);
                }
                factRows++;
            }
            await copy.CompleteAsync(cancellationToken);
        }
        await ExecuteAsync(connection, $"alter table dim_submission alter column submission_key restart with {key + 1}", cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        var load = clock.Elapsed;

        clock.Restart();
        await ExecuteAsync(connection, "select refresh_marts()", cancellationToken);
        var refresh = clock.Elapsed;
        await ExecuteAsync(connection, "vacuum analyze", cancellationToken);
        await using var count = new NpgsqlCommand("select count(*) from mart_region_value", connection);
        var martRows = (long)(await count.ExecuteScalarAsync(cancellationToken))!;
        return new Summary(forms.Count, factRows, load, refresh, martRows);
    }

    private static async Task<long> PeopleAsync(
        NpgsqlConnection connection, string table, string keyColumn, short kinds, int firstRow,
        List<(long Key, int Unit, int Year, string Level)> forms, Random random, Func<string, double> scale, CancellationToken cancellationToken)
    {
        long rows = 0;
        await using var copy = await connection.BeginBinaryImportAsync($"""
            copy {table} (submission_key, reporting_unit_key, year, {keyColumn}, person_times, source_sheet, source_cell)
            from stdin (format binary)
            """, cancellationToken);
        foreach (var form in forms)
        {
            for (short kind = 1; kind <= kinds; kind++)
            {
                await copy.StartRowAsync(cancellationToken);
                await copy.WriteAsync(form.Key, NpgsqlDbType.Bigint, cancellationToken);
                await copy.WriteAsync(form.Unit, NpgsqlDbType.Integer, cancellationToken);
                await copy.WriteAsync(form.Year, NpgsqlDbType.Integer, cancellationToken);
                await copy.WriteAsync(kind, NpgsqlDbType.Smallint, cancellationToken);
                await copy.WriteAsync((long)(random.Next(20_000) * scale(form.Level)), NpgsqlDbType.Bigint, cancellationToken);
                await copy.WriteAsync("统计表", NpgsqlDbType.Text, cancellationToken);
                await copy.WriteAsync($"C{firstRow + kind - 1}", NpgsqlDbType.Text, cancellationToken);
                rows++;
            }
        }
        await copy.CompleteAsync(cancellationToken);
        return rows;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        command.CommandTimeout = 600;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
