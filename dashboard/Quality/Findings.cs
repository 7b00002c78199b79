using System.Security.Claims;
using System.Text.Json.Serialization;
using Npgsql;
using ScienceWeek.Accounts;
using ScienceWeek.Dashboard.Accounts;

namespace ScienceWeek.Dashboard.Quality;

/// <summary>
/// One finding of the checks that need other data (data_finding): <c>state</c> is open, confirmed (correct, with the
/// staff member's reason) or fixed (the form has been replaced by a newer version).
/// </summary>
public sealed record FindingRow(
    [property: JsonPropertyName("id")] long Id,
    [property: JsonPropertyName("code")] string Code,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("year")] int Year,
    [property: JsonPropertyName("rule")] string Rule,
    [property: JsonPropertyName("measure")] string Measure,
    [property: JsonPropertyName("cell")] string? Cell,
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("state")] string State,
    [property: JsonPropertyName("reason")] string? Reason)
{
    [JsonIgnore]
    public string RegionCode { get; init; } = Code;

    [JsonIgnore]
    public string FileName { get; init; } = "";
}

/// <summary>What became of staff confirming a finding.</summary>
public enum ConfirmOutcome
{
    Confirmed,
    NotAllowed,
    ReasonMissing,
    NotFound,
    OutOfScope,
}

public sealed record FindingsResponse([property: JsonPropertyName("rows")] IReadOnlyList<FindingRow> Rows);

/// <summary>A rejected file whose unit or year could not be told: it belongs to no region page, so the data-quality page lists it.</summary>
public sealed record UnplacedFile(long Key, string FileName, DateTimeOffset ReceivedAt, string? Account, IReadOnlyList<string> Issues);

/// <summary>The findings of a region (and everything below it), and staff confirming one as correct.</summary>
public sealed class Findings(NpgsqlDataSource dataSource, RegionScope scope)
{
    public const int MaxReasonLength = 500;

    public static readonly string[] Rules = ["yoy_jump", "unit_slip", "ratio_outlier", "total_mismatch", "children_exceed_parent", "parent_exceeds_children"];
    public static readonly string[] States = ["open", "confirmed", "fixed"];

    public static string RuleZh(string rule) => rule switch
    {
        "yoy_jump" => "与上年相比突增或骤减",
        "unit_slip" => "疑似单位填错（元/万元）",
        "ratio_outlier" => "比值异常（同级对比）",
        "total_mismatch" => "合计与分项不符",
        "children_exceed_parent" => "下级合计超过本级",
        "parent_exceeds_children" => "本级远超下级合计",
        _ => rule,
    };

    public static string StateZh(string state) => state switch
    {
        "open" => "待核实",
        "confirmed" => "已确认无误",
        "fixed" => "已由新版本更正",
        _ => state,
    };

    private const string Sql = """
        select d.finding_key, u.unit_code, u.unit_name, s.year, d.rule, d.measure_code, d.cell, d.message,
               case when d.state = 'confirmed' then 'confirmed' when not s.is_current then 'fixed' else 'open' end as state,
               d.reason, r.region_code, s.file_name
        from data_finding d
        join dim_submission s using (submission_key)
        join dim_reporting_unit u using (reporting_unit_key)
        join dim_region r on r.region_key = u.region_key
        join region_closure c on c.descendant_key = u.region_key
        join dim_region p on p.region_key = c.ancestor_key
        where p.region_code = $1 and ($2::integer is null or s.year = $2) and ($3::text is null or d.rule = $3)
        """;

    public async Task<IReadOnlyList<FindingRow>> ReadAsync(string parent, int? year, string? rule, string? state, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"select * from ({Sql}) f where ($4::text is null or f.state = $4) order by f.year desc, f.unit_code, f.rule, f.measure_code limit 5000");
        command.Parameters.Add(new NpgsqlParameter { Value = parent });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)year ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Integer });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)rule ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)state ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<FindingRow>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new FindingRow(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetInt32(3), reader.GetString(4), reader.GetString(5),
                reader.IsDBNull(6) ? null : reader.GetString(6), reader.GetString(7), reader.GetString(8), reader.IsDBNull(9) ? null : reader.GetString(9))
            {
                RegionCode = reader.GetString(10),
                FileName = reader.GetString(11),
            });
        }
        return rows;
    }

    /// <summary>
    /// Staff (admin, uploader) mark a finding as checked and correct, with a reason; it no longer counts as open. The one
    /// check of who may: the role, the reason (1-500 characters), and that the finding's unit lies in the account's region.
    /// </summary>
    public async Task<ConfirmOutcome> ConfirmAsync(long id, string? reason, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        if (!user.CanSubmit())
        {
            return ConfirmOutcome.NotAllowed;
        }
        if (reason?.Trim() is not { Length: > 0 and <= MaxReasonLength } given)
        {
            return ConfirmOutcome.ReasonMissing;
        }
        await using (var region = dataSource.CreateCommand("""
            select r.region_code from data_finding d join dim_submission s using (submission_key)
            join dim_reporting_unit u using (reporting_unit_key) join dim_region r on r.region_key = u.region_key
            where d.finding_key = $1
            """))
        {
            region.Parameters.Add(new NpgsqlParameter { Value = id });
            if (await region.ExecuteScalarAsync(cancellationToken) is not string code)
            {
                return ConfirmOutcome.NotFound;
            }
            if (!await scope.ContainsAsync(user.RegionScopeCode(), code, cancellationToken))
            {
                return ConfirmOutcome.OutOfScope;
            }
        }
        await using var command = dataSource.CreateCommand(
            "update data_finding set state = 'confirmed', reason = $2, confirmed_by = $3, confirmed_at = now() where finding_key = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = id });
        command.Parameters.Add(new NpgsqlParameter { Value = given });
        command.Parameters.Add(new NpgsqlParameter { Value = user.Identity?.Name ?? "" });
        await command.ExecuteNonQueryAsync(cancellationToken);
        return ConfirmOutcome.Confirmed;
    }

    /// <summary>Rejected files whose unit or year is unknown: all of them for a nation-wide account, else those the account uploaded.</summary>
    public async Task<IReadOnlyList<UnplacedFile>> UnplacedAsync(string account, bool nationWide, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            select s.submission_key, s.file_name, s.received_at, f.account_name,
                   coalesce((select array_agg(coalesce('（' || i.cell || '）', '') || i.message order by i.issue_number)
                             from submission_issue i where i.submission_key = s.submission_key), '{}')
            from dim_submission s
            left join lateral (select account_name from received_file rf where rf.submission_key = s.submission_key order by rf.received_file_key limit 1) f on true
            where s.status = 'rejected' and (s.reporting_unit_key is null or s.year is null) and ($1 or f.account_name = $2)
            order by s.received_at desc
            limit 500
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = nationWide });
        command.Parameters.Add(new NpgsqlParameter { Value = account });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var files = new List<UnplacedFile>();
        while (await reader.ReadAsync(cancellationToken))
        {
            files.Add(new UnplacedFile(reader.GetInt64(0), reader.GetString(1), reader.GetFieldValue<DateTimeOffset>(2),
                reader.IsDBNull(3) ? null : reader.GetString(3), reader.GetFieldValue<string[]>(4)));
        }
        return files;
    }
}

/// <summary>A reported region's own figure of a measure beside the sum of its sub-units' (region_parts_sum).</summary>
public sealed record PartsRow(string Measure, decimal OwnValue, decimal PartsValue, int Parts)
{
    public decimal Difference => PartsValue - OwnValue;

    public bool Exceeds => PartsValue > OwnValue;
}

public sealed class RegionParts(NpgsqlDataSource dataSource)
{
    public async Task<IReadOnlyList<PartsRow>> ReadAsync(string region, int year, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            select p.measure_code, p.own_value, p.parts_value, p.parts
            from region_parts_sum($2, array(
                select f.submission_key from current_statistics_form f join dim_region r using (region_key)
                where r.region_code = $1 and f.year = $2 and f.is_own)) p
            join dim_measure m using (measure_code)
            order by m.sort_order
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = region });
        command.Parameters.Add(new NpgsqlParameter { Value = year });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<PartsRow>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new PartsRow(reader.GetString(0), reader.GetDecimal(1), reader.GetDecimal(2), reader.GetInt32(3)));
        }
        return rows;
    }
}
