using Npgsql;
using ScienceWeek.Etl.Forms;
using ScienceWeek.Warehouse.Model;

namespace ScienceWeek.Etl.Submissions;

public sealed partial class Importer
{
    /// <summary>
    /// One transaction that records many files, each under a savepoint of its own: a file the warehouse refuses or that
    /// fails rolls back to its savepoint and leaves the files before it in place, so every file is recorded whole or not
    /// at all, and all of them become visible at the commit. Files are recorded one after another, in the order given:
    /// a second version of a form (or the same bytes again) in the same batch sees the first one.
    /// </summary>
    /// <remarks>
    /// Two round trips per file: the savepoint with the locks and look-ups, then the submission with its issues, ledger
    /// row and facts and the release of the savepoint (a featured form's rows go by COPY in between). The checks
    /// against other forms (record_findings) run once for all the statistics forms of the transaction, just before its
    /// commit, so they see every file of it and cost one call, not one per file. The advisory locks are held until the
    /// commit, so a batch is kept short (<see cref="ImportBatching"/>).
    /// </remarks>
    public sealed class Batch : IAsyncDisposable
    {
        private const string Savepoint = "import_file";
        private readonly Importer importer;
        private readonly NpgsqlConnection connection;
        private readonly NpgsqlTransaction transaction;
        private readonly Dimensions dims;
        private readonly List<long> statisticsForms = [];
        private bool savepointOpen;
        private bool committed;

        internal Batch(Importer importer, NpgsqlConnection connection, NpgsqlTransaction transaction, Dimensions dims)
        {
            this.importer = importer;
            this.connection = connection;
            this.transaction = transaction;
            this.dims = dims;
        }

        /// <summary>The files recorded in this transaction so far (a file rolled back to its savepoint is not one).</summary>
        public int Count { get; private set; }

        /// <summary>Whether the transaction can go on: false once a failed file could not be rolled back to its savepoint.</summary>
        public bool IsUsable { get; private set; } = true;

        /// <summary>
        /// Records one file under its own savepoint. Data the warehouse refuses (out of range, a constraint) rolls the
        /// file back and records it as rejected; any other failure rolls it back and is thrown, the batch goes on.
        /// </summary>
        public async Task<ImportResult> LoadAsync(PreparedFile received, CancellationToken cancellationToken)
        {
            if (!IsUsable || committed)
            {
                throw new InvalidOperationException("The import transaction can take no more files: it failed or was committed.");
            }
            try
            {
                ImportResult result;
                try
                {
                    result = await RecordAsync(received, received.Form, cancellationToken);
                }
                catch (PostgresException e) when (e.SqlState.StartsWith("22", StringComparison.Ordinal) || e.SqlState.StartsWith("23", StringComparison.Ordinal))
                {
                    // Data the warehouse refuses: the file cannot load, so it goes to quarantine.
                    await RollbackFileAsync();
                    if (!IsUsable)
                    {
                        throw;
                    }
                    var refused = Reject(received.Form, new FormIssue(IssueSeverity.Error, "load_refused", $"数据无法入库：{e.MessageText}", null));
                    result = await RecordAsync(received, refused, cancellationToken);
                }
                Count++;
                return result;
            }
            catch when (savepointOpen)
            {
                await RollbackFileAsync();
                throw;
            }
        }

        /// <summary>
        /// Runs the checks against other forms on the statistics forms recorded, then commits; returns what the checks
        /// found, to add to the files' results (<see cref="BatchFindings.AddTo"/>).
        /// </summary>
        public async Task<BatchFindings> CommitAsync(CancellationToken cancellationToken)
        {
            var found = new Dictionary<long, List<FormIssue>>();
            if (statisticsForms.Count > 0)
            {
                await using var command = new NpgsqlCommand("select submission_key, rule, cell, message from record_findings($1)", connection)
                {
                    Parameters = { new() { Value = statisticsForms.ToArray() } },
                };
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    var key = reader.GetInt64(0);
                    if (!found.TryGetValue(key, out var issues))
                    {
                        found[key] = issues = [];
                    }
                    issues.Add(new FormIssue(IssueSeverity.Warning, reader.GetString(1), reader.GetString(3), reader.IsDBNull(2) ? null : reader.GetString(2)));
                }
            }
            await transaction.CommitAsync(cancellationToken);
            committed = true;
            return new BatchFindings(found.ToDictionary(f => f.Key, f => (IReadOnlyList<FormIssue>)f.Value));
        }

        public async ValueTask DisposeAsync()
        {
            // Not committed: the transaction rolls back with the connection.
            await transaction.DisposeAsync();
            await connection.DisposeAsync();
        }

        private async Task RollbackFileAsync()
        {
            try
            {
                await using var rollback = new NpgsqlCommand($"rollback to savepoint {Savepoint}", connection);
                await rollback.ExecuteNonQueryAsync(CancellationToken.None);
                savepointOpen = false;
            }
            catch (Exception e) when (e is NpgsqlException or InvalidOperationException)
            {
                // The connection broke or the savepoint is gone: the files of this transaction cannot be committed.
                IsUsable = false;
            }
        }

        private async Task<ImportResult> RecordAsync(PreparedFile received, FormReadResult form, CancellationToken cancellationToken)
        {
            form = CheckLoadable(form, dims);
            int? unitKey = form.Unit is not null && dims.Units.TryGetValue(form.Unit.Code, out var key) ? key : null;
            int? year = ScienceWeekYears.Contains(form.Year) ? form.Year : null;
            var kind = form.IsRejected ? null : form.Form;

            // One round trip: the file's savepoint; lock the bytes (and, for a form to load, its unit, form and year, so
            // that two files of one form cannot both become current), then look for the same bytes already loaded and for
            // the current version. Both look-ups see the files recorded earlier in this transaction.
            long? existing = null;
            long? previous = null;
            var version = 1;
            await using (var batch = new NpgsqlBatch(connection))
            {
                batch.BatchCommands.Add(new NpgsqlBatchCommand($"savepoint {Savepoint}"));
                batch.BatchCommands.Add(Command("select pg_advisory_xact_lock($1)", HashLockKey(received.Sha256)));
                batch.BatchCommands.Add(Command(SameBytesQuery, received.Sha256));
                if (kind is not null)
                {
                    batch.BatchCommands.Add(Command("select pg_advisory_xact_lock($1, $2)", unitKey!.Value, (year!.Value * 2) + (kind == FormKind.Featured ? 1 : 0)));
                    batch.BatchCommands.Add(Command(
                        "select submission_key, version from dim_submission where reporting_unit_key = $1 and form_kind = $2 and year = $3 and is_current for update",
                        unitKey.Value, kind, year.Value));
                }
                savepointOpen = true;
                await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
                await reader.NextResultAsync(cancellationToken);
                if (await reader.ReadAsync(cancellationToken))
                {
                    existing = reader.GetInt64(0);
                }
                if (kind is not null)
                {
                    await reader.NextResultAsync(cancellationToken);
                    await reader.NextResultAsync(cancellationToken);
                    if (await reader.ReadAsync(cancellationToken))
                    {
                        previous = reader.GetInt64(0);
                        version = reader.GetInt32(1) + 1;
                    }
                }
            }
            if (existing is not null)
            {
                await using var duplicate = new NpgsqlBatch(connection)
                {
                    BatchCommands = { LedgerCommand(received, LoadOutcome.Duplicate, existing.Value), new NpgsqlBatchCommand($"release savepoint {Savepoint}") },
                };
                await duplicate.ExecuteNonQueryAsync(cancellationToken);
                savepointOpen = false;
                return new ImportResult(received.Path, form, received.Sha256, existing, LoadOutcome.Duplicate, received.ArchivePath, null) { SubmittedOn = received.SubmittedOn };
            }

            string? quarantinePath = null;
            var outcome = kind is null ? LoadOutcome.Quarantined : previous is null ? LoadOutcome.Loaded : LoadOutcome.Superseded;
            if (kind is null)
            {
                quarantinePath = await importer.quarantine.StoreAsync(received.Path, received.Sha256, form, cancellationToken);
            }

            // The second round trip: the submission with its issues, ledger row and statistics facts and, unless a
            // featured form's rows follow by COPY, the savepoint's release.
            long submissionKey;
            await using (var record = new NpgsqlBatch(connection))
            {
                if (year is { } y && !dims.Years.Contains(y))
                {
                    // A year the reference data does not list yet is still a science week; its dates come with the next reference
                    // load. Not cached: the insert belongs to this transaction and goes if it rolls back.
                    record.BatchCommands.Add(Command("insert into dim_year (year) values ($1) on conflict do nothing", y));
                }
                if (previous is not null)
                {
                    record.BatchCommands.Add(Command("update dim_submission set is_current = false where submission_key = $1", previous.Value));
                }
                record.BatchCommands.Add(importer.SubmissionCommand(received, form, unitKey, year, kind is null ? null : version, previous, quarantinePath, outcome, dims));
                if (kind != FormKind.Featured)
                {
                    record.BatchCommands.Add(new NpgsqlBatchCommand($"release savepoint {Savepoint}"));
                }
                await using var reader = await record.ExecuteReaderAsync(cancellationToken);
                await reader.ReadAsync(cancellationToken);
                submissionKey = reader.GetInt64(0);
            }
            if (kind == FormKind.Featured)
            {
                await CopyFeaturedAsync(connection, new FactKeys(submissionKey, unitKey!.Value, year!.Value), form.Activities, dims, cancellationToken);
                await using var release = new NpgsqlCommand($"release savepoint {Savepoint}", connection);
                await release.ExecuteNonQueryAsync(cancellationToken);
            }
            savepointOpen = false;
            if (kind == FormKind.Statistics)
            {
                statisticsForms.Add(submissionKey);
            }
            return new ImportResult(received.Path, form, received.Sha256, submissionKey, outcome, received.ArchivePath, quarantinePath) { SubmittedOn = received.SubmittedOn };
        }
    }
}

/// <summary>What the checks against other forms found per submission in one import transaction (record_findings).</summary>
public sealed record BatchFindings(IReadOnlyDictionary<long, IReadOnlyList<FormIssue>> BySubmission)
{
    /// <summary>The file's result with its findings as warnings in its check report; an accepted form becomes a warning.</summary>
    public ImportResult AddTo(ImportResult result) =>
        result.Load != LoadOutcome.Duplicate && result.SubmissionId is { } key && BySubmission.TryGetValue(key, out var found)
            ? result with { Read = result.Read with { Status = FormStatus.Warning, Issues = [.. result.Read.Issues, .. found] } }
            : result;
}
