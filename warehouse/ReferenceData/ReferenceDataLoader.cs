using System.Security.Cryptography;
using System.Text;
using System.Globalization;
using Npgsql;
using ScienceWeek.Warehouse.Migrations;
using ScienceWeek.Warehouse.Text;

namespace ScienceWeek.Warehouse.ReferenceData;

/// <summary>
/// Loads seed/reference into the dimensions: regions (divisions.csv + zones.csv + population.csv), reporting units
/// (each region's own bodies + departments.csv), years, and the notices' deadlines (deadlines.csv). Upserts, so running it again changes nothing.
/// </summary>
public static class ReferenceDataLoader
{
    public static string DefaultFolder => Path.Combine(AppContext.BaseDirectory, "reference");

    /// <summary>The key under which applied_sql_file keeps the checksum of the reference files last loaded.</summary>
    private const string AppliedKey = "seed/reference";

    /// <summary>
    /// Loads the reference data unless the files are those last loaded (a process start: nothing would change, and the
    /// upserts alone take most of a second). Changes made by hand to the dimensions stay until the next full load.
    /// </summary>
    public static async Task LoadIfChangedAsync(NpgsqlDataSource dataSource, string folder, CancellationToken cancellationToken)
    {
        string? recorded;
        await using (var connection = await dataSource.OpenConnectionAsync(cancellationToken))
        {
            recorded = await CurrentSqlFile.AppliedChecksumAsync(connection, AppliedKey, cancellationToken);
        }
        if (recorded != Checksum(folder))
        {
            await LoadAsync(dataSource, folder, cancellationToken);
        }
    }

    public static async Task LoadAsync(NpgsqlDataSource dataSource, string folder, CancellationToken cancellationToken)
    {
        var checksum = Checksum(folder);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var reference = ReferenceFiles.Read(folder);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var changed = 0;
        foreach (var level in new[] { "nation", "province", "city", "county" })
        {
            changed += await UpsertRegionsAsync(connection, reference.Regions.Where(r => r.Level == level).ToList(), cancellationToken);
        }
        changed += await UpsertUnitsAsync(connection, reference, cancellationToken);
        await UpsertYearsAsync(connection, reference.Years, cancellationToken);
        await UpsertDeadlinesAsync(connection, reference.Deadlines, cancellationToken);
        // The marts depend on the region tree and the units; refreshing them on every start would cost tens of
        // seconds on a national warehouse, so only a change to the reference data triggers it.
        if (changed > 0)
        {
            await using var refresh = new NpgsqlCommand("select refresh_marts(); select refresh_findings();", connection) { CommandTimeout = 0 };
            await refresh.ExecuteNonQueryAsync(cancellationToken);
        }
        await CurrentSqlFile.RecordAppliedAsync(connection, transaction, AppliedKey, checksum, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>SHA-256 over the reference folder's files, each by name and content, in name order.</summary>
    public static string Checksum(string folder)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var file in Directory.GetFiles(folder).Order(StringComparer.Ordinal))
        {
            hash.AppendData(Encoding.UTF8.GetBytes(Path.GetFileName(file) + "\n"));
            hash.AppendData(File.ReadAllBytes(file));
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <returns>How many rows were inserted or changed.</returns>
    private static async Task<int> UpsertRegionsAsync(NpgsqlConnection connection, IReadOnlyList<RegionRow> rows, CancellationToken cancellationToken)
    {
        const string sql = """
            insert into dim_region (region_code, region_name, short_name, level, is_functional_zone, has_division_code,
                                    parent_region_key, province_code, province_name, city_code, city_name, population_2020)
            select x.code, x.name, x.short_name, x.level, x.is_zone, x.has_code, p.region_key,
                   x.province_code, x.province_name, x.city_code, x.city_name, x.population
            from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::bool[], $6::bool[], $7::text[],
                        $8::text[], $9::text[], $10::text[], $11::text[], $12::bigint[])
                 as x (code, name, short_name, level, is_zone, has_code, parent_code,
                       province_code, province_name, city_code, city_name, population)
            left join dim_region p on p.region_code = x.parent_code
            on conflict (region_code) do update set
                region_name = excluded.region_name, short_name = excluded.short_name, level = excluded.level,
                is_functional_zone = excluded.is_functional_zone, has_division_code = excluded.has_division_code,
                parent_region_key = excluded.parent_region_key,
                province_code = excluded.province_code, province_name = excluded.province_name,
                city_code = excluded.city_code, city_name = excluded.city_name, population_2020 = excluded.population_2020
            where (dim_region.region_name, dim_region.short_name, dim_region.level, dim_region.is_functional_zone,
                   dim_region.has_division_code, dim_region.parent_region_key, dim_region.province_code, dim_region.province_name,
                   dim_region.city_code, dim_region.city_name, dim_region.population_2020)
                  is distinct from
                  (excluded.region_name, excluded.short_name, excluded.level, excluded.is_functional_zone,
                   excluded.has_division_code, excluded.parent_region_key, excluded.province_code, excluded.province_name,
                   excluded.city_code, excluded.city_name, excluded.population_2020)
            """;
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.Add(new() { Value = rows.Select(r => r.Code).ToArray() });
        command.Parameters.Add(new() { Value = rows.Select(r => r.Name).ToArray() });
        command.Parameters.Add(new() { Value = rows.Select(r => r.ShortName).ToArray() });
        command.Parameters.Add(new() { Value = rows.Select(r => r.Level).ToArray() });
        command.Parameters.Add(new() { Value = rows.Select(r => r.IsFunctionalZone).ToArray() });
        command.Parameters.Add(new() { Value = rows.Select(r => r.HasDivisionCode).ToArray() });
        command.Parameters.Add(new() { Value = rows.Select(r => r.ParentCode).ToArray() });
        command.Parameters.Add(new() { Value = rows.Select(r => r.ProvinceCode).ToArray() });
        command.Parameters.Add(new() { Value = rows.Select(r => r.ProvinceName).ToArray() });
        command.Parameters.Add(new() { Value = rows.Select(r => r.CityCode).ToArray() });
        command.Parameters.Add(new() { Value = rows.Select(r => r.CityName).ToArray() });
        command.Parameters.Add(new() { Value = rows.Select(r => r.Population).ToArray() });
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <returns>How many rows were inserted or changed.</returns>
    private static async Task<int> UpsertUnitsAsync(NpgsqlConnection connection, ReferenceFiles reference, CancellationToken cancellationToken)
    {
        var units = reference.Regions
            .Select(r => (Code: r.Code, Name: r.Name, Kind: "government", Aliases: r.ShortName == r.Name ? "" : r.ShortName, RegionCode: r.Code))
            .Concat(reference.Departments.Select(d => (d.Code, d.Name, Kind: "department", d.Aliases, d.RegionCode)))
            .ToList();
        const string sql = """
            insert into dim_reporting_unit (unit_code, unit_name, unit_kind, aliases, region_key)
            select x.code, x.name, x.kind, coalesce(string_to_array(nullif(x.aliases, ''), '|'), '{}'), r.region_key
            from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[]) as x (code, name, kind, aliases, region_code)
            join dim_region r on r.region_code = x.region_code
            on conflict (unit_code) do update set
                unit_name = excluded.unit_name, unit_kind = excluded.unit_kind, aliases = excluded.aliases, region_key = excluded.region_key
            where (dim_reporting_unit.unit_name, dim_reporting_unit.unit_kind, dim_reporting_unit.aliases, dim_reporting_unit.region_key)
                  is distinct from (excluded.unit_name, excluded.unit_kind, excluded.aliases, excluded.region_key)
            """;
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.Add(new() { Value = units.Select(u => u.Code).ToArray() });
        command.Parameters.Add(new() { Value = units.Select(u => u.Name).ToArray() });
        command.Parameters.Add(new() { Value = units.Select(u => u.Kind).ToArray() });
        command.Parameters.Add(new() { Value = units.Select(u => u.Aliases).ToArray() });
        command.Parameters.Add(new() { Value = units.Select(u => u.RegionCode).ToArray() });
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task UpsertYearsAsync(NpgsqlConnection connection, IReadOnlyList<YearRow> years, CancellationToken cancellationToken)
    {
        const string sql = """
            insert into dim_year (year, week_start_date, week_end_date, theme)
            select * from unnest($1::int[], $2::date[], $3::date[], $4::text[])
            on conflict (year) do update set
                week_start_date = excluded.week_start_date, week_end_date = excluded.week_end_date, theme = excluded.theme
            """;
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.Add(new() { Value = years.Select(y => y.Year).ToArray() });
        command.Parameters.Add(new() { Value = years.Select(y => y.WeekStart).ToArray() });
        command.Parameters.Add(new() { Value = years.Select(y => y.WeekEnd).ToArray() });
        command.Parameters.Add(new() { Value = years.Select(y => y.Theme).ToArray() });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The deadlines of the notices; a deadline an admin set in the dashboard (set_by) is left as it is.</summary>
    private static async Task UpsertDeadlinesAsync(NpgsqlConnection connection, IReadOnlyList<DeadlineRow> deadlines, CancellationToken cancellationToken)
    {
        const string sql = """
            insert into reporting_deadline (year, region_key, form_kind, due_date, source)
            select x.year, r.region_key, x.form, x.due, x.source
            from unnest($1::int[], $2::text[], $3::text[], $4::date[], $5::text[]) as x (year, region_code, form, due, source)
            join dim_region r on r.region_code = x.region_code
            on conflict (year, region_key, form_kind) do update set due_date = excluded.due_date, source = excluded.source
            where reporting_deadline.set_by is null
            """;
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.Add(new() { Value = deadlines.Select(d => d.Year).ToArray() });
        command.Parameters.Add(new() { Value = deadlines.Select(d => d.CollectingRegion).ToArray() });
        command.Parameters.Add(new() { Value = deadlines.Select(d => d.Form).ToArray() });
        command.Parameters.Add(new() { Value = deadlines.Select(d => d.DueDate).ToArray() });
        command.Parameters.Add(new() { Value = deadlines.Select(d => d.Source).ToArray() });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}

public sealed record RegionRow(
    string Code, string Name, string ShortName, string Level, bool IsFunctionalZone, bool HasDivisionCode, string? ParentCode,
    string? ProvinceCode, string? ProvinceName, string? CityCode, string? CityName, long? Population);

public sealed record DepartmentRow(string Code, string Name, string Aliases, string RegionCode);

public sealed record YearRow(int Year, DateOnly WeekStart, DateOnly WeekEnd, string Theme);

/// <summary>A deadline of deadlines.csv: by <paramref name="DueDate"/> the units directly under <paramref name="CollectingRegion"/> send it the form.</summary>
/// <param name="Form"><c>statistics</c> or <c>featured</c>.</param>
public sealed record DeadlineRow(int Year, string CollectingRegion, string Form, DateOnly DueDate, string Source);

/// <summary>The reference files as records, with each region's province and city worked out. Also used by the ETL's unit resolver.</summary>
public sealed record ReferenceFiles(IReadOnlyList<RegionRow> Regions, IReadOnlyList<DepartmentRow> Departments, IReadOnlyList<YearRow> Years)
{
    /// <summary>The notices' deadlines (deadlines.csv); none when the folder has no such file.</summary>
    public IReadOnlyList<DeadlineRow> Deadlines { get; init; } = [];

    public const string NationCode = "000000";

    public static ReferenceFiles Read(string folder)
    {
        var population = ReadCsv(Path.Combine(folder, "population.csv"))
            .ToDictionary(r => r["code"], r => long.Parse(r["population_2020"], CultureInfo.InvariantCulture));
        var raw = new List<(string Code, string Name, string ShortName, string Level, bool Zone, string Parent)>
        {
            (NationCode, "全国", "全国", "nation", false, ""),
        };
        raw.AddRange(ReadCsv(Path.Combine(folder, "divisions.csv"))
            .Select(r => (r["code"], r["name"], r["name"], r["level"], false, r["parent_code"] is { Length: > 0 } p ? p : NationCode)));
        raw.AddRange(ReadCsv(Path.Combine(folder, "zones.csv"))
            .Select(r => (r["code"], r["name"], r["short_name"], "county", true, r["parent_code"])));
        var byCode = raw.ToDictionary(r => r.Code);
        (string Code, string Name)? Ancestor(string code, string level)
        {
            for (var current = byCode[code]; ; current = byCode[current.Parent])
            {
                if (current.Level == level)
                {
                    return (current.Code, current.Name);
                }
                if (current.Parent.Length == 0)
                {
                    return null;
                }
            }
        }
        var regions = raw.Select(r =>
        {
            var province = Ancestor(r.Code, "province");
            var city = Ancestor(r.Code, "city");
            return new RegionRow(r.Code, r.Name, r.ShortName, r.Level, r.Zone, HasDivisionCode: r.Code.Length == 6 && r.Code.All(char.IsAsciiDigit),
                r.Parent.Length == 0 ? null : r.Parent, province?.Code, province?.Name, city?.Code, city?.Name,
                population.TryGetValue(r.Code, out var p) ? p : null);
        }).ToList();
        var departments = ReadCsv(Path.Combine(folder, "departments.csv"))
            .Select(r => new DepartmentRow(r["code"], r["name"], r["aliases"], r["region_code"])).ToList();
        var years = ReadCsv(Path.Combine(folder, "years.csv"))
            .Select(r => new YearRow(int.Parse(r["year"], CultureInfo.InvariantCulture),
                DateOnly.Parse(r["week_start_date"], CultureInfo.InvariantCulture),
                DateOnly.Parse(r["week_end_date"], CultureInfo.InvariantCulture), r["theme"])).ToList();
        var deadlinesFile = Path.Combine(folder, "deadlines.csv");
        var deadlines = File.Exists(deadlinesFile)
            ? ReadCsv(deadlinesFile).Select(r => new DeadlineRow(int.Parse(r["year"], CultureInfo.InvariantCulture), r["collecting_region"],
                r["form"], DateOnly.Parse(r["due_date"], CultureInfo.InvariantCulture), r["source"])).ToList()
            : [];
        return new ReferenceFiles(regions, departments, years) { Deadlines = deadlines };
    }

    private static List<Dictionary<string, string>> ReadCsv(string path) => Csv.ReadWithHeader(path);
}
