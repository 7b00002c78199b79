using System.Globalization;
using System.Security.Cryptography;
using Npgsql;
using NpgsqlTypes;
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
        var (sha256, size) = await HashAsync(path, cancellationToken);
        var archivePath = await archive.StoreAsync(path, sha256, cancellationToken);
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

    private static async Task CopyFeaturedAsync(NpgsqlConnection connection, FactKeys facts, IReadOnlyList<FeaturedActivity> activities, Dimensions dims, CancellationToken cancellationToken)
    {
        if (activities.Count == 0)
        {
            return;
        }
        await using var writer = await connection.BeginBinaryImportAsync(
            """
            copy fact_featured_activity (submission_key, row_number, reporting_unit_key, year, activity_name, description, held_when,
                place, place_region_key, recommending_unit, contact, source_sheet, source_cell, recommender_key, recommender_rank)
            from stdin (format binary)
            """, cancellationToken);
        var ranks = FeaturedForm.RecommenderRanks(activities);
        for (var i = 0; i < activities.Count; i++)
        {
            var activity = activities[i];
            await writer.StartRowAsync(cancellationToken);
            await writer.WriteAsync(facts.SubmissionKey, NpgsqlDbType.Bigint, cancellationToken);
            await writer.WriteAsync(i + 1, NpgsqlDbType.Integer, cancellationToken);
            await writer.WriteAsync(facts.UnitKey, NpgsqlDbType.Integer, cancellationToken);
            await writer.WriteAsync(facts.Year, NpgsqlDbType.Integer, cancellationToken);
            await writer.WriteAsync(activity.Name, NpgsqlDbType.Text, cancellationToken);
            await WriteNullableAsync(writer, activity.Description, NpgsqlDbType.Text, cancellationToken);
            await WriteNullableAsync(writer, activity.When, NpgsqlDbType.Text, cancellationToken);
            await WriteNullableAsync(writer, activity.Place, NpgsqlDbType.Text, cancellationToken);
            int? place = activity.County is not null && dims.Regions.TryGetValue(activity.County, out var regionKey) ? regionKey : null;
            await WriteNullableAsync(writer, place, NpgsqlDbType.Integer, cancellationToken);
            await WriteNullableAsync(writer, activity.Unit, NpgsqlDbType.Text, cancellationToken);
            await WriteNullableAsync(writer, activity.Contact, NpgsqlDbType.Text, cancellationToken);
            await writer.WriteAsync(activity.Sheet, NpgsqlDbType.Text, cancellationToken);
            await writer.WriteAsync(activity.Cell, NpgsqlDbType.Text, cancellationToken);
            await writer.WriteAsync(FeaturedForm.RecommenderKey(activity.Unit), NpgsqlDbType.Text, cancellationToken);
            await writer.WriteAsync(ranks[i], NpgsqlDbType.Integer, cancellationToken);
        }
        await writer.CompleteAsync(cancellationToken);
    }

    private static async Task WriteNullableAsync<T>(NpgsqlBinaryImporter writer, T? value, NpgsqlDbType type, CancellationToken cancellationToken)
        where T : struct
    {
        if (value is { } present)
        {
            await writer.WriteAsync(present, type, cancellationToken);
        }
        else
        {
            await writer.WriteNullAsync(cancellationToken);
        }
    }

    private static async Task WriteNullableAsync(NpgsqlBinaryImporter writer, string? value, NpgsqlDbType type, CancellationToken cancellationToken)
    {
        if (value is null)
        {
            await writer.WriteNullAsync(cancellationToken);
        }
        else
        {
            await writer.WriteAsync(value, type, cancellationToken);
        }
    }

    /// <summary>
    /// The submission, its issues, its ledger row, a statistics form's facts (one row of fact_statistics_value per
    /// measure on the form) and the total lines it carries (statistics_reported_total) in one statement, returning the submission's key. The facts of a form are a few dozen rows:
    /// inserted here they cost no round trip, where a binary COPY would take two.
    /// </summary>
    private NpgsqlBatchCommand SubmissionCommand(PreparedFile received, FormReadResult form, int? unitKey, int? year,
        int? version, long? supersedes, string? quarantinePath, string outcome, Dimensions dims)
    {
        var loaded = !form.IsRejected;
        var command = new NpgsqlBatchCommand(
            """
            with submission as (
                insert into dim_submission (file_name, sha256, received_at, loaded_at, form_kind, reporting_unit_key, year, version,
                    status, is_current, supersedes_submission_key, archive_path, quarantine_path, submitted_on)
                values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $24)
                returning submission_key
            ), issues as (
                insert into submission_issue (submission_key, issue_number, severity, code, message, cell)
                select s.submission_key, t.n, t.severity, t.code, t.message, t.cell
                from submission s, unnest($14::integer[], $15::text[], $16::text[], $17::text[], $18::text[]) as t (n, severity, code, message, cell)
            ), ledger as (
                insert into received_file (file_name, source_path, sha256, size_bytes, received_at, channel, outcome, submission_key, account_name)
                select $1, $19, $2, $20, $3, $21, $22, s.submission_key, $23 from submission s
            ), facts as (
                insert into fact_statistics_value (submission_key, measure_code, reporting_unit_key, year, value, source_sheet, source_cell)
                select s.submission_key, t.measure_code, $6, $7, t.value, t.source_sheet, t.source_cell
                from submission s, unnest($25::text[], $26::numeric[], $27::text[], $28::text[]) as t (measure_code, value, source_sheet, source_cell)
            ), totals as (
                insert into statistics_reported_total (submission_key, measure_code, value, source_sheet, source_cell)
                select s.submission_key, t.measure_code, t.value, t.source_sheet, t.source_cell
                from submission s, unnest($29::text[], $30::numeric[], $31::text[], $32::text[]) as t (measure_code, value, source_sheet, source_cell)
            )
            select submission_key from submission
            """);
        var issues = form.Issues;
        var facts = loaded && form.Form == FormKind.Statistics ? form.Values.Where(v => dims.MeasuresOnForm.Contains(v.Key)).ToList() : [];
        // The total lines the form carries (statistics_reported_total), for the check total_mismatch.
        var totals = loaded && form.Form == FormKind.Statistics ? form.ReportedTotals.ToList() : [];
        command.Parameters.Add(new NpgsqlParameter { Value = Path.GetFileName(received.Path), NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = received.Sha256, NpgsqlDbType = NpgsqlDbType.Char });
        command.Parameters.Add(new NpgsqlParameter { Value = received.ReceivedAt, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter { Value = loaded ? clock.GetUtcNow() : DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)(form.Form is FormKind.Statistics or FormKind.Featured ? form.Form : null) ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)unitKey ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Integer });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)year ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Integer });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)version ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Integer });
        command.Parameters.Add(new NpgsqlParameter { Value = form.Status.Code(), NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = loaded, NpgsqlDbType = NpgsqlDbType.Boolean });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)supersedes ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Bigint });
        command.Parameters.Add(new NpgsqlParameter { Value = received.ArchivePath, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)quarantinePath ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = Enumerable.Range(1, issues.Count).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = issues.Select(i => i.Severity).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = issues.Select(i => i.Code).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = issues.Select(i => i.Message).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = issues.Select(i => i.Cell).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = Path.GetFullPath(received.Path), NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = received.Size, NpgsqlDbType = NpgsqlDbType.Bigint });
        command.Parameters.Add(new NpgsqlParameter { Value = received.Channel, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = outcome, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)received.Account ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = received.SubmittedOn, NpgsqlDbType = NpgsqlDbType.Date });
        command.Parameters.Add(new NpgsqlParameter { Value = facts.Select(f => f.Key).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = facts.Select(f => f.Value.Value).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Numeric });
        command.Parameters.Add(new NpgsqlParameter { Value = facts.Select(f => f.Value.Sheet).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = facts.Select(f => f.Value.Cell).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = totals.Select(f => f.Key).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = totals.Select(f => f.Value.Value).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Numeric });
        command.Parameters.Add(new NpgsqlParameter { Value = totals.Select(f => f.Value.Sheet).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = totals.Select(f => f.Value.Cell).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        return command;
    }

    private static NpgsqlBatchCommand LedgerCommand(PreparedFile received, string outcome, long submissionKey) =>
        Command(
            """
            insert into received_file (file_name, source_path, sha256, size_bytes, received_at, channel, outcome, submission_key, account_name)
            values ($1, $2, $3, $4, $5, $6, $7, $8, $9)
            """,
            Path.GetFileName(received.Path), Path.GetFullPath(received.Path), received.Sha256, received.Size, received.ReceivedAt, received.Channel, outcome, submissionKey,
            (object?)received.Account ?? DBNull.Value);

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
    /// The submission already loaded from the same bytes, by hash. The parameter is cast to bpchar like the column so that
    /// the unique index on loaded bytes answers; compared as text, every import would scan every submission.
    /// </summary>
    public const string SameBytesQuery = "select submission_key from dim_submission where sha256 = $1::bpchar and status <> 'rejected'";

    /// <summary>The advisory-lock key of a file: the first 60 bits of its hash.</summary>
    public static long HashLockKey(string sha256) => long.Parse(sha256[..15], NumberStyles.HexNumber, CultureInfo.InvariantCulture);

    public static async Task<(string Sha256, long Size)> HashAsync(string path, CancellationToken cancellationToken)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, FileOptions.Asynchronous | FileOptions.SequentialScan);
        var hash = await SHA256.HashDataAsync(stream, cancellationToken);
        return (Convert.ToHexStringLower(hash), stream.Length);
    }

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

    private sealed record FactKeys(long SubmissionKey, int UnitKey, int Year);

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
