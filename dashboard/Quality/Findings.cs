using System.Globalization;
using System.Runtime.CompilerServices;
using System.Security.Claims;
using System.Text.Json.Serialization;
using Npgsql;
using NpgsqlTypes;
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

/// <summary>Which findings a list shows: those of parent's units and everything below it, of a year, rule and state (null: all).</summary>
public sealed record FindingsFilter(string Parent, int? Year, string? Rule, string? State)
{
    /// <summary>The address of a page of this list: path with the filter and the page in its query, every value escaped.</summary>
    public string Link(string path, int offset, int? limit = null)
    {
        var query = new List<KeyValuePair<string, string?>> { new("parent", Parent) };
        if (Year is { } year)
        {
            query.Add(new("year", year.ToString(CultureInfo.InvariantCulture)));
        }
        if (Rule is not null)
        {
            query.Add(new("rule", Rule));
        }
        if (State is not null)
        {
            query.Add(new("state", State));
        }
        if (limit is { } l)
        {
            query.Add(new("limit", l.ToString(CultureInfo.InvariantCulture)));
        }
        if (offset > 0)
        {
            query.Add(new("offset", offset.ToString(CultureInfo.InvariantCulture)));
        }
        return path + QueryString.Create(query).ToUriComponent();
    }
}

/// <summary>How many findings of the region and year there are per rule (whatever the rule filter) and per state (whatever the state filter), for the filter chips.</summary>
public sealed record FindingCounts(
    [property: JsonPropertyName("rule")] IReadOnlyDictionary<string, int> Rule,
    [property: JsonPropertyName("state")] IReadOnlyDictionary<string, int> State);

/// <summary>One page of a findings list: its rows (at most limit, from offset on, in the list's order) and the whole list's size.</summary>
public sealed record FindingsPage(IReadOnlyList<FindingRow> Rows, int Total, int Limit, int Offset, FindingCounts Counts)
{
    public static readonly FindingsPage Empty = new([], 0, Findings.DefaultPageSize, 0,
        new(Findings.Rules.ToDictionary(r => r, _ => 0), Findings.States.ToDictionary(s => s, _ => 0)));

    public int? NextOffset => Offset + Rows.Count < Total && Rows.Count > 0 ? Offset + Rows.Count : null;

    public int? PreviousOffset => Offset > 0 ? Math.Max(0, Math.Min(Offset, Total) - Limit) : null;
}

public sealed record FindingsResponse(
    [property: JsonPropertyName("rows")] IReadOnlyList<FindingRow> Rows,
    [property: JsonPropertyName("total")] int Total,
    [property: JsonPropertyName("limit")] int Limit,
    [property: JsonPropertyName("offset")] int Offset,
    [property: JsonPropertyName("next")] string? Next,
    [property: JsonPropertyName("previous")] string? Previous,
    [property: JsonPropertyName("counts")] FindingCounts Counts);

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

    public const int DefaultPageSize = 100;
    public const int MaxPageSize = 1000;

    // One pass over the region's findings of the year, narrow and read from ix_data_finding_listing (110): the counts per
    // rule and state come from it, and so does the page, a top-N sort of the keys; only the page's rows are then read in
    // full. Part 0 rows are the counts, part 1 rows the page. The order (newest year first, then by unit, rule, measure
    // and the finding's key) is total, so pages do not overlap. A null limit is no limit (the CSV download).
    private const string PageSql = """
        with keyed as materialized (
            select d.finding_key, s.year, u.unit_code, d.rule, d.measure_code,
                   case when d.state = 'confirmed' then 'confirmed' when not s.is_current then 'fixed' else 'open' end as state
            from dim_region p
            join region_closure c on c.ancestor_key = p.region_key
            join dim_reporting_unit u on u.region_key = c.descendant_key
            join dim_submission s on s.reporting_unit_key = u.reporting_unit_key
            join data_finding d on d.submission_key = s.submission_key
            where p.region_code = $1 and ($2::integer is null or s.year = $2)
        ),
        counts as (
            select rule, state, count(*)::integer as findings from keyed group by rule, state
        ),
        page as (
            select * from keyed
            where ($3::text is null or rule = $3) and ($4::text is null or state = $4)
            order by year desc, unit_code, rule, measure_code, finding_key
            limit $5 offset $6
        )
        select 0 as part, null::bigint as finding_key, null::text as unit_code, null::text as unit_name, null::integer as year,
               rule, null::text as measure_code, null::text as cell, null::text as message, state, null::text as reason,
               null::text as region_code, null::text as file_name, findings
        from counts
        union all
        select 1, k.finding_key, k.unit_code, u.unit_name, k.year, k.rule, k.measure_code, d.cell, d.message, k.state, d.reason,
               r.region_code, s.file_name, null
        from page k
        join data_finding d using (finding_key)
        join dim_submission s on s.submission_key = d.submission_key
        join dim_reporting_unit u on u.reporting_unit_key = s.reporting_unit_key
        join dim_region r on r.region_key = u.region_key
        order by part, year desc, unit_code, rule, measure_code, finding_key
        """;

    /// <summary>A page size or offset as given in a query: a whole number 0..int.MaxValue in plain digits, else null.</summary>
    public static int? ParseCount(string? text) =>
        text is { Length: > 0 and <= 10 } && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var count) ? count : null;

    /// <summary>One page of the list: limit rows (1..MaxPageSize) from offset on, the total and the counts per rule and state.</summary>
    public async Task<FindingsPage> ReadPageAsync(FindingsFilter filter, int limit, int offset, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(limit, MaxPageSize);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        var byRule = Rules.ToDictionary(r => r, _ => 0);
        var byState = States.ToDictionary(s => s, _ => 0);
        var total = 0;
        var rows = new List<FindingRow>();
        await using var command = Command(filter, limit, offset);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            if (reader.GetInt32(0) == 1)
            {
                rows.Add(Row(reader));
                continue;
            }
            var (rule, state, findings) = (reader.GetString(5), reader.GetString(9), reader.GetInt32(13));
            var ruleShown = filter.Rule is null || filter.Rule == rule;
            var stateShown = filter.State is null || filter.State == state;
            byRule[rule] += stateShown ? findings : 0;
            byState[state] += ruleShown ? findings : 0;
            total += ruleShown && stateShown ? findings : 0;
        }
        return new FindingsPage(rows, total, limit, offset, new FindingCounts(byRule, byState));
    }

    /// <summary>The whole list in the same order, row by row as the database sends it (the CSV download).</summary>
    public async IAsyncEnumerable<FindingRow> ReadAllAsync(FindingsFilter filter, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var command = Command(filter, null, 0);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            if (reader.GetInt32(0) == 1)
            {
                yield return Row(reader);
            }
        }
    }

    private NpgsqlCommand Command(FindingsFilter filter, int? limit, int offset)
    {
        var command = dataSource.CreateCommand(PageSql);
        command.Parameters.Add(new NpgsqlParameter { Value = filter.Parent });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)filter.Year ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Integer });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)filter.Rule ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)filter.State ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)limit ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Integer });
        command.Parameters.Add(new NpgsqlParameter { Value = offset, NpgsqlDbType = NpgsqlDbType.Integer });
        return command;
    }

    private static FindingRow Row(NpgsqlDataReader reader) =>
        new(reader.GetInt64(1), reader.GetString(2), reader.GetString(3), reader.GetInt32(4), reader.GetString(5), reader.GetString(6),
            reader.IsDBNull(7) ? null : reader.GetString(7), reader.GetString(8), reader.GetString(9), reader.IsDBNull(10) ? null : reader.GetString(10))
        {
            RegionCode = reader.GetString(11),
            FileName = reader.GetString(12),
        };

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
        // The region's own form first, then region_parts_sum with it as a plain array: given a sub-select as its argument
        // the function is not inlined and its body is planned for any argument (14 ms a region at national scale,
        // against 4-5 ms this way).
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        long[] own;
        await using (var find = new NpgsqlCommand("""
            select coalesce(array_agg(f.submission_key), '{}') from current_statistics_form f join dim_region r using (region_key)
            where r.region_code = $1 and f.year = $2 and f.is_own
            """, connection))
        {
            find.Parameters.Add(new NpgsqlParameter { Value = region });
            find.Parameters.Add(new NpgsqlParameter { Value = year });
            own = (long[])(await find.ExecuteScalarAsync(cancellationToken))!;
        }
        if (own.Length == 0)
        {
            return [];
        }
        await using var command = new NpgsqlCommand("""
            select p.measure_code, p.own_value, p.parts_value, p.parts
            from region_parts_sum($1, $2) p
            join dim_measure m using (measure_code)
            order by m.sort_order
            """, connection);
        command.Parameters.Add(new NpgsqlParameter { Value = year });
        command.Parameters.Add(new NpgsqlParameter { Value = own });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<PartsRow>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new PartsRow(reader.GetString(0), reader.GetDecimal(1), reader.GetDecimal(2), reader.GetInt32(3)));
        }
        return rows;
    }
}
