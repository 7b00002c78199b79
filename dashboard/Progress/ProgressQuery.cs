using System.Text.Json.Serialization;
using Npgsql;

namespace ScienceWeek.Dashboard.Progress;

/// <summary>Whether an expected reporter's statistics form came by the deadline; written as <see cref="TimelinessCodes.Code"/>.</summary>
public enum Timeliness
{
    OnTime,
    Late,
    Missing,
    NoDeadline,
}

public static class TimelinessCodes
{
    public static string Code(this Timeliness timeliness) => timeliness switch
    {
        Timeliness.OnTime => "on_time",
        Timeliness.Late => "late",
        Timeliness.Missing => "missing",
        _ => "no_deadline",
    };

    public static string Zh(this Timeliness timeliness) => timeliness switch
    {
        Timeliness.OnTime => "按时",
        Timeliness.Late => "逾期",
        Timeliness.Missing => "未报",
        _ => "未设截止日期",
    };
}

/// <summary>
/// What came of one expected reporter's statistics form. <c>status</c> and <c>version</c> are those of its current form;
/// <c>submitted_on</c> is the day its first loadable version came (a later correction does not make a unit late), or, when
/// only rejected files came, the day of the last of them (then <c>missing</c>: nothing usable yet).
/// </summary>
public sealed record ProgressStatistics(
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("version")] int? Version,
    [property: JsonPropertyName("submitted_on")] DateOnly SubmittedOn,
    [property: JsonPropertyName("timeliness")] string Timeliness,
    [property: JsonPropertyName("days_late")] int? DaysLate);

/// <summary>
/// One expected reporter directly under the region: a county-level division, a functional zone or a department of the
/// reference data (for the nation: the provinces). <c>statistics</c> is null when nothing came. The attachments kept for
/// the unit's year (table attachment): whether a 总结报告 came, how many photos, whether a video came.
/// </summary>
public sealed record ProgressRow(
    [property: JsonPropertyName("code")] string Code,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("statistics")] ProgressStatistics? Statistics,
    [property: JsonPropertyName("featured")] int Featured,
    [property: JsonPropertyName("report")] bool Report,
    [property: JsonPropertyName("photos")] int Photos,
    [property: JsonPropertyName("video")] bool Video)
{
    /// <summary>The region page that shows the unit's numbers and files (a department's: its region's).</summary>
    [JsonIgnore]
    public string RegionCode { get; init; } = Code;

    [JsonIgnore]
    public bool IsReported => Statistics is { Status: not "rejected" };
}

/// <summary>Reported N of M expected, and of the reported ones how many on time, late or without a deadline.</summary>
public sealed record ProgressTotals(
    [property: JsonPropertyName("expected")] int Expected,
    [property: JsonPropertyName("reported")] int Reported,
    [property: JsonPropertyName("on_time")] int OnTime,
    [property: JsonPropertyName("late")] int Late,
    [property: JsonPropertyName("missing")] int Missing,
    [property: JsonPropertyName("no_deadline")] int NoDeadline)
{
    public static ProgressTotals Of(IReadOnlyList<ProgressRow> rows)
    {
        var reported = rows.Where(r => r.IsReported).ToList();
        return new ProgressTotals(rows.Count, reported.Count,
            reported.Count(r => r.Statistics!.Timeliness == Timeliness.OnTime.Code()),
            reported.Count(r => r.Statistics!.Timeliness == Timeliness.Late.Code()),
            rows.Count - reported.Count,
            reported.Count(r => r.Statistics!.Timeliness == Timeliness.NoDeadline.Code()));
    }

    /// <summary>下级报送 8/9，按时 7 (or 未设截止日期), as the overview and region pages show it.</summary>
    public string Zh(bool hasDeadline) =>
        $"下级报送 {Reported}/{Expected}，" + (hasDeadline ? $"按时 {OnTime}" : "未设截止日期");
}

/// <summary>The answer of /api/v1/progress and what the progress page shows.</summary>
public sealed record ProgressReport(
    [property: JsonPropertyName("parent")] string Parent,
    [property: JsonPropertyName("year")] int Year,
    [property: JsonPropertyName("deadline")] DateOnly? Deadline,
    [property: JsonPropertyName("rows")] IReadOnlyList<ProgressRow> Rows,
    [property: JsonPropertyName("totals")] ProgressTotals Totals)
{
    [JsonIgnore]
    public string? DeadlineSource { get; init; }
}

/// <summary>
/// Who of the units directly under a region has sent the year's statistics form, and when, against the deadline the
/// region set (reporting_deadline; none means 未设截止日期, never "on time"). Expected reporters come from the reference
/// data: every region whose parent is the region (counties, districts, zones; for a province its cities) and every
/// department attached to it.
/// </summary>
public sealed class ProgressQuery(NpgsqlDataSource dataSource)
{
    private const string Sql = """
        with parent as (
            select region_key from dim_region where region_code = $1
        ),
        expected as (
            select u.reporting_unit_key, r.region_code as code, r.region_name as name,
                   case when r.is_functional_zone then 'zone' else r.level end as kind, r.region_code as region_code
            from parent p
            join dim_region r on r.parent_region_key = p.region_key
            join dim_reporting_unit u on u.region_key = r.region_key and u.unit_kind = 'government'
            union all
            select u.reporting_unit_key, u.unit_code, u.unit_name, 'department', r.region_code
            from parent p
            join dim_reporting_unit u on u.region_key = p.region_key and u.unit_kind = 'department'
            join dim_region r on r.region_key = p.region_key
        ),
        statistics as (
            select s.reporting_unit_key,
                   (array_agg(s.status order by s.is_current desc, s.submission_key desc) filter (where s.status <> 'rejected'))[1] as status,
                   max(s.version) filter (where s.is_current) as version,
                   min(s.submitted_on) filter (where s.status <> 'rejected') as first_loaded_on,
                   max(s.submitted_on) filter (where s.status = 'rejected') as last_rejected_on
            from dim_submission s
            join expected e using (reporting_unit_key)
            where s.year = $2 and (s.form_kind = 'statistics' or s.form_kind is null)
            group by s.reporting_unit_key
        ),
        featured as (
            select s.reporting_unit_key, count(f.*)::integer as activities
            from dim_submission s
            join expected e using (reporting_unit_key)
            join fact_featured_activity f using (submission_key)
            where s.year = $2 and s.form_kind = 'featured' and s.is_current
            group by s.reporting_unit_key
        ),
        attachments as (
            select a.reporting_unit_key,
                   bool_or(a.kind = 'report') as report,
                   (count(*) filter (where a.kind = 'photo'))::integer as photos,
                   bool_or(a.kind = 'video') as video
            from attachment a
            join expected e using (reporting_unit_key)
            where a.year = $2
            group by a.reporting_unit_key
        )
        select e.code, e.name, e.kind, e.region_code, st.status, st.version, st.first_loaded_on, st.last_rejected_on,
               coalesce(f.activities, 0), coalesce(a.report, false), coalesce(a.photos, 0), coalesce(a.video, false)
        from expected e
        left join statistics st using (reporting_unit_key)
        left join featured f using (reporting_unit_key)
        left join attachments a using (reporting_unit_key)
        order by case e.kind when 'department' then 1 else 0 end, e.code
        """;

    private const string DeadlineSql = """
        select d.due_date, d.source
        from reporting_deadline d join dim_region r using (region_key)
        where r.region_code = $1 and d.year = $2 and d.form_kind = 'statistics'
        """;

    public async Task<ProgressReport> ReadAsync(string parentCode, int year, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        DateOnly? deadline = null;
        string? source = null;
        await using (var command = new NpgsqlCommand(DeadlineSql, connection) { Parameters = { new() { Value = parentCode }, new() { Value = year } } })
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            if (await reader.ReadAsync(cancellationToken))
            {
                deadline = reader.GetFieldValue<DateOnly>(0);
                source = reader.GetString(1);
            }
        }
        var rows = new List<ProgressRow>();
        await using (var command = new NpgsqlCommand(Sql, connection) { Parameters = { new() { Value = parentCode }, new() { Value = year } } })
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                ProgressStatistics? statistics = null;
                if (!reader.IsDBNull(4))
                {
                    var day = reader.GetFieldValue<DateOnly>(6);
                    var (timeliness, late) = Judge(day, deadline);
                    statistics = new ProgressStatistics(reader.GetString(4), reader.IsDBNull(5) ? null : reader.GetInt32(5), day, timeliness.Code(), late);
                }
                else if (!reader.IsDBNull(7))
                {
                    statistics = new ProgressStatistics("rejected", null, reader.GetFieldValue<DateOnly>(7), Timeliness.Missing.Code(), null);
                }
                rows.Add(new ProgressRow(reader.GetString(0), reader.GetString(1), reader.GetString(2), statistics, reader.GetInt32(8),
                    reader.GetBoolean(9), reader.GetInt32(10), reader.GetBoolean(11))
                {
                    RegionCode = reader.GetString(3),
                });
            }
        }
        return new ProgressReport(parentCode, year, deadline, rows, ProgressTotals.Of(rows)) { DeadlineSource = source };
    }

    /// <summary>On time up to and including the due day; no deadline is never "on time".</summary>
    public static (Timeliness Timeliness, int? DaysLate) Judge(DateOnly submittedOn, DateOnly? deadline) =>
        deadline is not { } due ? (Timeliness.NoDeadline, null)
        : submittedOn <= due ? (Timeliness.OnTime, 0)
        : (Timeliness.Late, submittedOn.DayNumber - due.DayNumber);
}
