using System.Globalization;
using System.Security.Cryptography;
using Npgsql;
using ScienceWeek.Etl.Forms;
using ScienceWeek.Warehouse.Model;

namespace ScienceWeek.Etl.Submissions;

/// <summary>A received file hashed, archived and read, ready to be recorded.</summary>
public sealed record PreparedFile(string Path, string Sha256, long Size, DateTimeOffset ReceivedAt, string ArchivePath, string Channel, FormReadResult Form)
{
    /// <summary>For an upload, the account that sent the file (recorded in the ledger).</summary>
    public string? Account { get; init; }

    /// <summary>The day the unit submitted: the day staff gave for a back-filled form, else the day it was received (China time).</summary>
    public DateOnly SubmittedOn { get; init; } = SubmittedDay.Of(ReceivedAt);
}

/// <summary>Reads one received file; the form reader in production, any function in tests.</summary>
public delegate FormReadResult FormReading(string path, ReadContext context, CancellationToken cancellationToken);

/// <summary>
/// Takes in received files: hashes each, archives the original by hash, reads it, and records it under a savepoint of
/// its own in a transaction that may hold many files (<see cref="Batch"/>): the submission, its issues, its facts and
/// the ledger row, or nothing at all. A transaction-scoped advisory lock on the hash makes concurrent importers of the
/// same bytes wait for each other, so the second one sees the first one's submission and reports a duplicate.
/// </summary>
public sealed partial class Importer(NpgsqlDataSource dataSource, ImportFolders folders, FormReading read, TimeProvider? clock = null)
{
    private readonly TimeProvider clock = clock ?? TimeProvider.System;
    private readonly ArchiveStore archive = new(folders.Archive);
    private readonly QuarantineStore quarantine = new(folders.Quarantine, clock ?? TimeProvider.System);
    private Task<Dimensions>? dimensions;

    /// <summary>Takes in one file: <see cref="PrepareAsync"/> then <see cref="LoadAsync(PreparedFile, CancellationToken)"/>.</summary>
    public async Task<ImportResult> ImportAsync(string path, ReadContext context, string channel, CancellationToken cancellationToken) =>
        await LoadAsync(await PrepareAsync(path, context, channel, cancellationToken), cancellationToken);

    /// <summary>The part that needs no database: hash, archive the original, read. Safe to run for many files at once.</summary>
    public async Task<PreparedFile> PrepareAsync(string path, ReadContext context, string channel, CancellationToken cancellationToken)
    {
        var receivedAt = clock.GetUtcNow();
        // Called on the thread pool (ImportPipeline) or by an upload: the file work is synchronous, see Hash.
        var (sha256, size) = Hash(path);
        var archivePath = archive.Store(path, sha256);
        var form = Read(path, context, cancellationToken);
        return new PreparedFile(path, sha256, size, receivedAt, archivePath, channel, form) { SubmittedOn = context.SubmittedOn ?? SubmittedDay.Of(receivedAt) };
    }

    /// <summary>Records a prepared file in a transaction of its own (an upload, a test); many files go through <see cref="BeginBatchAsync"/>.</summary>
    public async Task<ImportResult> LoadAsync(PreparedFile received, CancellationToken cancellationToken)
    {
        await using var batch = await BeginBatchAsync(cancellationToken);
        var result = await batch.LoadAsync(received, cancellationToken);
        return (await batch.CommitAsync(cancellationToken)).AddTo(result);
    }

    /// <summary>Opens a transaction that records many prepared files, each whole or not at all; nothing is visible before its commit.</summary>
    public async Task<Batch> BeginBatchAsync(CancellationToken cancellationToken)
    {
        var dims = await DimensionsAsync(cancellationToken);
        var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        try
        {
            return new Batch(this, connection, await connection.BeginTransactionAsync(cancellationToken), dims);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private FormReadResult Read(string path, ReadContext context, CancellationToken cancellationToken)
    {
        // The reader keeps the one time limit on reading (parse_timeout, SpreadsheetLimits.ParseTimeout).
        var fileName = Path.GetFileName(path);
        try
        {
            return read(path, context, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Whatever a hostile file makes the reader do, it ends as a rejection with its reason, never a crash.
            return Rejected(fileName, context, "unreadable", $"文件无法读取：{e.GetType().Name}：{e.Message}");
        }
    }

    private static FormReadResult Rejected(string fileName, ReadContext context, string code, string message) =>
        new(fileName, FormStatus.Rejected, null, null, context.Year, new Dictionary<string, SourcedValue>(), [], [new FormIssue(IssueSeverity.Error, code, message, null)]);

    private static FormReadResult Reject(FormReadResult form, params FormIssue[] issues) =>
        form with { Status = FormStatus.Rejected, Issues = [.. form.Issues, .. issues] };

    /// <summary>Checks what the reader cannot know: that the unit and year exist in the warehouse and that values fit its columns; the form's own rules are the reader's.</summary>
    private static FormReadResult CheckLoadable(FormReadResult form, Dimensions dims)
    {
        if (form.IsRejected)
        {
            return form;
        }
        var issues = new List<FormIssue>();
        if (form.Form is not (FormKind.Statistics or FormKind.Featured))
        {
            issues.Add(new FormIssue(IssueSeverity.Error, "form_unknown", "无法识别表格类型（统计表或推荐表）。", null));
        }
        if (form.Unit is null)
        {
            issues.Add(new FormIssue(IssueSeverity.Error, "unit_missing", "未能确定填报单位。", null));
        }
        else if (!dims.Units.ContainsKey(form.Unit.Code))
        {
            issues.Add(new FormIssue(IssueSeverity.Error, "unit_not_in_warehouse", $"填报单位“{form.Unit.Name}”（{form.Unit.Code}）不在数据仓库的单位名录中。", null));
        }
        if (!ScienceWeekYears.Contains(form.Year))
        {
            issues.Add(new FormIssue(IssueSeverity.Error, "year_missing", "未能确定填报年度。", null));
        }
        foreach (var (measure, value) in form.Values)
        {
            if (value.Value is not { } number)
            {
                continue;
            }
            var cell = $"{value.Sheet}!{value.Cell}";
            // Negative values are the form's rule (value_negative in FormValue); here only what the columns can hold.
            if (Measures.IsFunding(measure) ? number >= 100_000_000_000_000m : number > long.MaxValue || number != decimal.Truncate(number))
            {
                issues.Add(new FormIssue(IssueSeverity.Error, "value_out_of_range", $"数值 {number.ToString(CultureInfo.InvariantCulture)} 超出可入库范围。", cell));
            }
        }
        return issues.Count == 0 ? form : Reject(form, [.. issues]);
    }

    /// <summary>A submission to insert: its key (taken from the sequence beforehand) and what recording it decided.</summary>
    internal sealed record SubmissionRow(long Key, PreparedFile Received, FormReadResult Form, int? UnitKey, int? Year, int? Version,
        bool IsCurrent, long? Supersedes, string? QuarantinePath);

    /// <summary>A received file's row of the ledger (received_file): what became of it, and the submission it is or repeats.</summary>
    internal sealed record LedgerRow(PreparedFile Received, string Outcome, long SubmissionKey);

    /// <summary>
    /// The inserts that record submissions and their ledger rows, one statement per table whatever the number of files
    /// (each column an array, unnested): dim_submission, submission_issue, received_file, a statistics form's facts (one
    /// row of fact_statistics_value per measure on the form), the total lines it carries (statistics_reported_total) and a
    /// featured form's activities (fact_featured_activity). A rejected form keeps its issues and ledger row, no facts.
    /// </summary>
    internal IEnumerable<NpgsqlBatchCommand> RecordCommands(IReadOnlyList<SubmissionRow> submissions, IReadOnlyList<LedgerRow> ledger, Dimensions dims)
    {
        var now = clock.GetUtcNow();
        if (submissions.Count > 0)
        {
            yield return Insert(
                """
                insert into dim_submission (submission_key, file_name, sha256, received_at, loaded_at, form_kind, reporting_unit_key, year, version,
                    status, is_current, supersedes_submission_key, archive_path, quarantine_path, submitted_on)
                overriding system value
                select * from unnest($1::bigint[], $2::text[], $3::bpchar[], $4::timestamptz[], $5::timestamptz[], $6::text[], $7::integer[], $8::integer[],
                    $9::integer[], $10::text[], $11::boolean[], $12::bigint[], $13::text[], $14::text[], $15::date[])
                """,
                submissions.Select(s => s.Key).ToArray(),
                submissions.Select(s => Path.GetFileName(s.Received.Path)).ToArray(),
                submissions.Select(s => s.Received.Sha256).ToArray(),
                submissions.Select(s => s.Received.ReceivedAt).ToArray(),
                submissions.Select(s => s.Form.IsRejected ? (DateTimeOffset?)null : now).ToArray(),
                submissions.Select(s => s.Form.Form is FormKind.Statistics or FormKind.Featured ? s.Form.Form : null).ToArray(),
                submissions.Select(s => s.UnitKey).ToArray(),
                submissions.Select(s => s.Year).ToArray(),
                submissions.Select(s => s.Version).ToArray(),
                submissions.Select(s => s.Form.Status.Code()).ToArray(),
                submissions.Select(s => s.IsCurrent).ToArray(),
                submissions.Select(s => s.Supersedes).ToArray(),
                submissions.Select(s => s.Received.ArchivePath).ToArray(),
                submissions.Select(s => s.QuarantinePath).ToArray(),
                submissions.Select(s => s.Received.SubmittedOn).ToArray());

            var issues = submissions.SelectMany(s => s.Form.Issues.Select((issue, i) => (s.Key, Number: i + 1, Issue: issue))).ToList();
            if (issues.Count > 0)
            {
                yield return Insert(
                    """
                    insert into submission_issue (submission_key, issue_number, severity, code, message, cell)
                    select * from unnest($1::bigint[], $2::integer[], $3::text[], $4::text[], $5::text[], $6::text[])
                    """,
                    issues.Select(i => i.Key).ToArray(), issues.Select(i => i.Number).ToArray(), issues.Select(i => i.Issue.Severity).ToArray(),
                    issues.Select(i => i.Issue.Code).ToArray(), issues.Select(i => i.Issue.Message).ToArray(), issues.Select(i => i.Issue.Cell).ToArray());
            }

            var statistics = submissions.Where(s => !s.Form.IsRejected && s.Form.Form == FormKind.Statistics).ToList();
            var facts = statistics.SelectMany(s => s.Form.Values.Where(v => dims.MeasuresOnForm.Contains(v.Key)).Select(v => (Form: s, Measure: v.Key, v.Value))).ToList();
            if (facts.Count > 0)
            {
                yield return Insert(
                    """
                    insert into fact_statistics_value (submission_key, measure_code, reporting_unit_key, year, value, source_sheet, source_cell)
                    select * from unnest($1::bigint[], $2::text[], $3::integer[], $4::integer[], $5::numeric[], $6::text[], $7::text[])
                    """,
                    facts.Select(f => f.Form.Key).ToArray(), facts.Select(f => f.Measure).ToArray(), facts.Select(f => f.Form.UnitKey!.Value).ToArray(),
                    facts.Select(f => f.Form.Year!.Value).ToArray(), facts.Select(f => f.Value.Value).ToArray(), facts.Select(f => f.Value.Sheet).ToArray(),
                    facts.Select(f => f.Value.Cell).ToArray());
            }

            // The total lines the form carries, for the check total_mismatch.
            var totals = statistics.SelectMany(s => s.Form.ReportedTotals.Select(t => (s.Key, Measure: t.Key, t.Value))).ToList();
            if (totals.Count > 0)
            {
                yield return Insert(
                    """
                    insert into statistics_reported_total (submission_key, measure_code, value, source_sheet, source_cell)
                    select * from unnest($1::bigint[], $2::text[], $3::numeric[], $4::text[], $5::text[])
                    """,
                    totals.Select(t => t.Key).ToArray(), totals.Select(t => t.Measure).ToArray(), totals.Select(t => t.Value.Value).ToArray(),
                    totals.Select(t => t.Value.Sheet).ToArray(), totals.Select(t => t.Value.Cell).ToArray());
            }

            var activities = submissions.Where(s => !s.Form.IsRejected && s.Form.Form == FormKind.Featured)
                .SelectMany(s =>
                {
                    var ranks = FeaturedForm.RecommenderRanks(s.Form.Activities);
                    return s.Form.Activities.Select((activity, i) => (Form: s, Row: i + 1, Activity: activity, Rank: ranks[i]));
                })
                .ToList();
            if (activities.Count > 0)
            {
                yield return Insert(
                    """
                    insert into fact_featured_activity (submission_key, row_number, reporting_unit_key, year, activity_name, description, held_when,
                        place, place_region_key, recommending_unit, contact, source_sheet, source_cell, recommender_key, recommender_rank)
                    select * from unnest($1::bigint[], $2::integer[], $3::integer[], $4::integer[], $5::text[], $6::text[], $7::text[], $8::text[],
                        $9::integer[], $10::text[], $11::text[], $12::text[], $13::text[], $14::text[], $15::integer[])
                    """,
                    activities.Select(a => a.Form.Key).ToArray(),
                    activities.Select(a => a.Row).ToArray(),
                    activities.Select(a => a.Form.UnitKey!.Value).ToArray(),
                    activities.Select(a => a.Form.Year!.Value).ToArray(),
                    activities.Select(a => a.Activity.Name).ToArray(),
                    activities.Select(a => a.Activity.Description).ToArray(),
                    activities.Select(a => a.Activity.When).ToArray(),
                    activities.Select(a => a.Activity.Place).ToArray(),
                    activities.Select(a => a.Activity.County is not null && dims.Regions.TryGetValue(a.Activity.County, out var region) ? region : (int?)null).ToArray(),
                    activities.Select(a => a.Activity.Unit).ToArray(),
                    activities.Select(a => a.Activity.Contact).ToArray(),
                    activities.Select(a => a.Activity.Sheet).ToArray(),
                    activities.Select(a => a.Activity.Cell).ToArray(),
                    activities.Select(a => FeaturedForm.RecommenderKey(a.Activity.Unit)).ToArray(),
                    activities.Select(a => a.Rank).ToArray());
            }
        }
        if (ledger.Count > 0)
        {
            yield return Insert(
                """
                insert into received_file (file_name, source_path, sha256, size_bytes, received_at, channel, outcome, submission_key, account_name)
                select * from unnest($1::text[], $2::text[], $3::bpchar[], $4::bigint[], $5::timestamptz[], $6::text[], $7::text[], $8::bigint[], $9::text[])
                """,
                ledger.Select(l => Path.GetFileName(l.Received.Path)).ToArray(),
                ledger.Select(l => Path.GetFullPath(l.Received.Path)).ToArray(),
                ledger.Select(l => l.Received.Sha256).ToArray(),
                ledger.Select(l => l.Received.Size).ToArray(),
                ledger.Select(l => l.Received.ReceivedAt).ToArray(),
                ledger.Select(l => l.Received.Channel).ToArray(),
                ledger.Select(l => l.Outcome).ToArray(),
                ledger.Select(l => l.SubmissionKey).ToArray(),
                ledger.Select(l => l.Received.Account).ToArray());
        }
    }

    /// <summary>An insert whose parameters are arrays, their types given by the casts in its SQL.</summary>
    private static NpgsqlBatchCommand Insert(string sql, params Array[] columns)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var column in columns)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = column });
        }
        return command;
    }

    private static NpgsqlBatchCommand Command(string sql, params object[] parameters)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        }
        return command;
    }

    /// <summary>
    /// The submissions already loaded from the same bytes as any of the given hashes. The parameter is cast to bpchar like the column so that
    /// the unique index on loaded bytes answers; compared as text, every import would scan every submission.
    /// </summary>
    public const string SameBytesQuery = "select sha256, submission_key from dim_submission where sha256 = any($1::bpchar[]) and status <> 'rejected'";

    /// <summary>The advisory-lock key of a file: the first 60 bits of its hash.</summary>
    public static long HashLockKey(string sha256) => long.Parse(sha256[..15], NumberStyles.HexNumber, CultureInfo.InvariantCulture);

    /// <summary>
    /// The file's SHA-256 and size, read synchronously: on Linux an asynchronous file read is a synchronous one queued on
    /// the thread pool, and for forms of a few kilobytes the queueing costs more than the read.
    /// </summary>
    public static (string Sha256, long Size) Hash(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, FileOptions.SequentialScan);
        var hash = SHA256.HashData(stream);
        return (Convert.ToHexStringLower(hash), stream.Length);
    }

    /// <summary><see cref="Hash"/> off the caller's thread, for large files (attachments, uploads).</summary>
    public static Task<(string Sha256, long Size)> HashAsync(string path, CancellationToken cancellationToken) =>
        Task.Run(() => Hash(path), cancellationToken);

    private Task<Dimensions> DimensionsAsync(CancellationToken cancellationToken)
    {
        var current = dimensions;
        if (current is null || current.IsFaulted || current.IsCanceled)
        {
            // Read once and shared by every file; a failed read (the database away) is tried again by the next file.
            Interlocked.CompareExchange(ref dimensions, Dimensions.LoadAsync(dataSource, CancellationToken.None), current);
            current = dimensions!;
        }
        return current.WaitAsync(cancellationToken);
    }

    /// <summary>The dimension keys a load needs, read once per importer: units, regions, years and the measures a form carries.</summary>
    internal sealed class Dimensions
    {
        public Dictionary<string, int> Units { get; } = new(StringComparer.Ordinal);
        public Dictionary<string, int> Regions { get; } = new(StringComparer.Ordinal);
        public HashSet<int> Years { get; } = [];
        public HashSet<string> MeasuresOnForm { get; } = new(StringComparer.Ordinal);

        public static async Task<Dimensions> LoadAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
        {
            var dims = new Dimensions();
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            await ReadAsync(connection, "select unit_code, reporting_unit_key from dim_reporting_unit", r => dims.Units[r.GetString(0)] = r.GetInt32(1), cancellationToken);
            await ReadAsync(connection, "select region_code, region_key from dim_region", r => dims.Regions[r.GetString(0)] = r.GetInt32(1), cancellationToken);
            await ReadAsync(connection, "select year from dim_year", r => dims.Years.Add(r.GetInt32(0)), cancellationToken);
            await ReadAsync(connection, "select measure_code from dim_measure where not is_total", r => dims.MeasuresOnForm.Add(r.GetString(0)), cancellationToken);
            return dims;
        }

        private static async Task ReadAsync(NpgsqlConnection connection, string sql, Action<NpgsqlDataReader> row, CancellationToken cancellationToken)
        {
            await using var command = new NpgsqlCommand(sql, connection);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                row(reader);
            }
        }
    }
}
