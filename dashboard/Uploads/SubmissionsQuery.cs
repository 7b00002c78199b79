using Npgsql;

namespace ScienceWeek.Dashboard.Uploads;

/// <summary>One problem of a submitted file, as the check reported it.</summary>
public sealed record SubmissionIssueRow(string Severity, string Code, string Message, string? Cell);

/// <summary>One uploaded file as its sender sees it: what became of it and, for a form that loaded, its version.</summary>
public sealed record SubmissionRow(
    long ReceivedFileKey, string FileName, DateTimeOffset ReceivedAt, string Outcome, string? Account,
    string? Status, int? Version, bool IsCurrent, string? FormKind, int? Year, string? UnitCode, string? UnitName,
    IReadOnlyList<SubmissionIssueRow> Issues)
{
    public bool IsRejected => Status is null or "rejected";
}

/// <summary>
/// "My submissions": the files the account uploaded, and those uploaded for any unit of its region (a city sees its
/// districts' uploads), newest first, with each file's check issues.
/// </summary>
public sealed class SubmissionsQuery(NpgsqlDataSource dataSource)
{
    public const int Limit = 500;

    /// <summary>The CTE <c>in_scope</c>: the region_key of the region whose code is <paramref name="parameter"/> and of every region below it.</summary>
    public static string RegionsWithin(string parameter) => $"""
        with recursive in_scope as (
            select region_key from dim_region where region_code = {parameter}
            union all
            select r.region_key from dim_region r join in_scope s on r.parent_region_key = s.region_key
        )
        """;

    public async Task<IReadOnlyList<SubmissionRow>> ListAsync(string account, string region, CancellationToken cancellationToken)
    {
        var rows = new List<(SubmissionRow Row, long? SubmissionKey)>();
        await using (var command = dataSource.CreateCommand($"""
            {RegionsWithin("$2")}
            select f.received_file_key, f.file_name, f.received_at, f.outcome, f.account_name,
                   s.submission_key, s.status, s.version, s.is_current, s.form_kind, s.year, u.unit_code, u.unit_name
            from received_file f
            left join dim_submission s on s.submission_key = f.submission_key
            left join dim_reporting_unit u on u.reporting_unit_key = s.reporting_unit_key
            where f.channel = 'upload'
              and (f.account_name = $1 or u.region_key in (select region_key from in_scope))
            order by f.received_at desc, f.received_file_key desc
            limit {Limit}
            """))
        {
            command.Parameters.Add(new NpgsqlParameter { Value = account });
            command.Parameters.Add(new NpgsqlParameter { Value = region });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                rows.Add((new SubmissionRow(
                    reader.GetInt64(0), reader.GetString(1), reader.GetFieldValue<DateTimeOffset>(2), reader.GetString(3),
                    reader.IsDBNull(4) ? null : reader.GetString(4),
                    reader.IsDBNull(6) ? null : reader.GetString(6), reader.IsDBNull(7) ? null : reader.GetInt32(7),
                    !reader.IsDBNull(8) && reader.GetBoolean(8), reader.IsDBNull(9) ? null : reader.GetString(9),
                    reader.IsDBNull(10) ? null : reader.GetInt32(10), reader.IsDBNull(11) ? null : reader.GetString(11),
                    reader.IsDBNull(12) ? null : reader.GetString(12), []), reader.IsDBNull(5) ? null : reader.GetInt64(5)));
            }
        }
        var issues = await IssuesAsync([.. rows.Select(r => r.SubmissionKey).OfType<long>().Distinct()], cancellationToken);
        return [.. rows.Select(r => r.SubmissionKey is { } key && issues.TryGetValue(key, out var found) ? r.Row with { Issues = found } : r.Row)];
    }

    private async Task<Dictionary<long, List<SubmissionIssueRow>>> IssuesAsync(long[] submissions, CancellationToken cancellationToken)
    {
        var issues = new Dictionary<long, List<SubmissionIssueRow>>();
        await using var command = dataSource.CreateCommand("""
            select submission_key, severity, code, message, cell from submission_issue
            where submission_key = any($1) order by submission_key, issue_number
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = submissions });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var key = reader.GetInt64(0);
            if (!issues.TryGetValue(key, out var list))
            {
                issues[key] = list = [];
            }
            list.Add(new SubmissionIssueRow(reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.IsDBNull(4) ? null : reader.GetString(4)));
        }
        return issues;
    }
}
