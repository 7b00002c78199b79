using System.Diagnostics;
using System.Security.Cryptography;
using Npgsql;
using NpgsqlTypes;

namespace ScienceWeek.Dashboard.Bench;

/// <summary>
/// Fills a migrated warehouse with a national-scale set of statistics forms, straight into dim_submission and
/// fact_statistics_value with binary COPY (bench set-up, not the ETL path): every county-level unit and every department reports
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
        // Each measure on the form with its cell and how large its random value may be (funding in 万元 with decimals).
        (string Code, string Cell, int Max, bool Money)[] measures =
        [
            ("funding_central", "C5", 20, true), ("funding_provincial", "C6", 20, true), ("funding_municipal", "C7", 20, true),
            ("funding_county", "C8", 20, true), ("funding_enterprise", "C9", 20, true), ("funding_in_kind", "C10", 20, true),
            ("funding_other", "C11", 20, true),
            ("staff_fulltime", "C12", 20_000, false), ("staff_scientists", "C13", 20_000, false), ("staff_volunteers", "C14", 20_000, false),
            ("staff_other", "C15", 20_000, false), ("participants_offline", "C16", 20_000, false), ("participants_online", "C17", 20_000, false),
            ("activities", "C18", 60, false), ("media_outlets", "C19", 15, false), ("media_reports", "C20", 80, false),
            ("venues_opened", "C21", 8, false), ("institutions_opened", "C22", 5, false), ("universities_opened", "C23", 3, false),
        ];
        await using (var copy = await connection.BeginBinaryImportAsync("""
            copy fact_statistics_value (submission_key, measure_code, reporting_unit_key, year, value, source_sheet, source_cell)
            from stdin (format binary)
            """, cancellationToken))
        {
            foreach (var form in forms)
            {
                foreach (var measure in measures)
                {
                    var value = measure.Money
                        ? Math.Round((decimal)(random.NextDouble() * measure.Max * Scale(form.Level)), 2)
                        : (long)(random.Next(measure.Max) * Scale(form.Level));
                    await copy.StartRowAsync(cancellationToken);
                    await copy.WriteAsync(form.Key, NpgsqlDbType.Bigint, cancellationToken);
                    await copy.WriteAsync(measure.Code, NpgsqlDbType.Text, cancellationToken);
                    await copy.WriteAsync(form.Unit, NpgsqlDbType.Integer, cancellationToken);
                    await copy.WriteAsync(form.Year, NpgsqlDbType.Integer, cancellationToken);
                    await copy.WriteAsync(value, NpgsqlDbType.Numeric, cancellationToken);
                    await copy.WriteAsync("统计表", NpgsqlDbType.Text, cancellationToken);
                    await copy.WriteAsync(measure.Cell, NpgsqlDbType.Text, cancellationToken);
                    factRows++;
                }
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

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        command.CommandTimeout = 600;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
