using Npgsql;
using ScienceWeek.Etl.Forms;
using ScienceWeek.Warehouse.Model;

namespace ScienceWeek.Etl.Submissions;

public sealed partial class Importer
{
    /// <summary>
    /// One transaction that records many files, each whole or not at all, all of them visible at the commit. Files are
    /// recorded in the order given: a second version of a form (or the same bytes again) among them sees the first one.
    /// </summary>
    /// <remarks>
    /// <see cref="LoadManyAsync"/> records a group of files in two round trips whatever its size, under one savepoint:
    /// the locks, look-ups and submission keys for all of them, then every row of every table as one insert per table
    /// (arrays unnested). If the warehouse refuses any row, the group rolls back to its savepoint and each file is taken
    /// again under a savepoint of its own (<see cref="LoadAsync"/>), so one bad file costs its group the fast path, never
    /// the other files. The checks against other forms (record_findings) run once for all the statistics forms of the
    /// transaction, just before its commit, so they see every file of it and cost one call, not one per file. The
    /// advisory locks are held until the commit, so a transaction is kept short (<see cref="ImportBatching"/>).
    /// </remarks>
    public sealed class Batch : IAsyncDisposable
    {
        private const string Savepoint = "import_file";
        private readonly Importer importer;
        private readonly NpgsqlConnection connection;
        private readonly NpgsqlTransaction transaction;
        private readonly Dimensions dims;
        private readonly List<long> statisticsForms = [];
        // A rejected file copied to quarantine keeps that copy if its group is taken again file by file.
        private readonly Dictionary<PreparedFile, string> quarantined = new(ReferenceEqualityComparer.Instance);
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
        /// Records files in the order given, as one group (two round trips); if the group fails, file by file
        /// (<see cref="LoadAsync"/>). Each file ends with its result, or with the exception that kept it out.
        /// </summary>
        public async Task<IReadOnlyList<(ImportResult? Result, Exception? Failure)>> LoadManyAsync(IReadOnlyList<PreparedFile> files, CancellationToken cancellationToken)
        {
            EnsureOpen();
            if (files.Count == 0)
            {
                return [];
            }
            try
            {
                var results = await RecordAsync(files, cancellationToken);
                Count += files.Count;
                return [.. results.Select(r => ((ImportResult?)r, (Exception?)null))];
            }
            catch (Exception) when (savepointOpen && !cancellationToken.IsCancellationRequested)
            {
                await RollbackFileAsync();
                if (!IsUsable)
                {
                    throw;
                }
            }
            var outcomes = new List<(ImportResult?, Exception?)>(files.Count);
            foreach (var file in files)
            {
                for (var attempt = 0; ; attempt++)
                {
                    try
                    {
                        outcomes.Add((await LoadAsync(file, cancellationToken), null));
                    }
                    catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.DeadlockDetected && attempt == 0 && IsUsable)
                    {
                        // Another importer held a lock this file needed while waiting for one of ours; its transaction went
                        // on when this file rolled back, so the file is taken once more.
                        continue;
                    }
                    catch (Exception e) when (e is not OperationCanceledException && IsUsable)
                    {
                        outcomes.Add((null, e));
                    }
                    break;
                }
            }
            return outcomes;
        }

        /// <summary>
        /// Records one file under its own savepoint. Data the warehouse refuses (out of range, a constraint) rolls the
        /// file back and records it as rejected; any other failure rolls it back and is thrown, the batch goes on.
        /// </summary>
        public async Task<ImportResult> LoadAsync(PreparedFile received, CancellationToken cancellationToken)
        {
            EnsureOpen();
            try
            {
                ImportResult result;
                try
                {
                    result = (await RecordAsync([received], cancellationToken))[0];
                }
                catch (PostgresException e) when (e.SqlState.StartsWith("22", StringComparison.Ordinal) || e.SqlState.StartsWith("23", StringComparison.Ordinal))
                {
                    // Data the warehouse refuses: the file cannot load, so it goes to quarantine.
                    await RollbackFileAsync();
                    if (!IsUsable)
                    {
                        throw;
                    }
                    var refused = received with { Form = Reject(received.Form, new FormIssue(IssueSeverity.Error, "load_refused", $"数据无法入库：{e.MessageText}", null)) };
                    result = (await RecordAsync([refused], cancellationToken))[0];
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

        private void EnsureOpen()
        {
            if (!IsUsable || committed)
            {
                throw new InvalidOperationException("The import transaction can take no more files: it failed or was committed.");
            }
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

        /// <summary>A file on its way into the warehouse: what it is, and what recording it decided.</summary>
        private sealed class Planned(PreparedFile received, FormReadResult form, int? unitKey, int? year)
        {
            public PreparedFile Received { get; } = received;
            public FormReadResult Form { get; } = form;
            public int? UnitKey { get; } = unitKey;
            public int? Year { get; } = year;
            /// <summary>The form to load (statistics or featured); null when the file is rejected.</summary>
            public string? Kind { get; } = form.IsRejected ? null : form.Form;
            public long Key { get; set; }
            public int? Version { get; set; }
            public long? Supersedes { get; set; }
            public bool IsCurrent { get; set; }
            public string Outcome { get; set; } = LoadOutcome.Quarantined;
            public string? QuarantinePath { get; set; }
        }

        /// <summary>
        /// Records the files under one savepoint in two round trips: (1) the savepoint, the locks on their bytes and on the
        /// forms they load (unit, form, year: so that two files of one form cannot both become current), the look-ups of the
        /// same bytes already loaded and of the current versions (both see the files recorded earlier in this
        /// transaction), and a submission key for each; (2) every row, one insert per table, and the savepoint's release.
        /// </summary>
        private async Task<List<ImportResult>> RecordAsync(IReadOnlyList<PreparedFile> files, CancellationToken cancellationToken)
        {
            var planned = files.Select(received =>
            {
                var form = CheckLoadable(received.Form, dims);
                int? unitKey = form.Unit is not null && dims.Units.TryGetValue(form.Unit.Code, out var key) ? key : null;
                int? year = ScienceWeekYears.Contains(form.Year) ? form.Year : null;
                return new Planned(received, form, unitKey, year);
            }).ToList();
            var loading = planned.Where(p => p.Kind is not null).ToList();
            var formLocks = loading.Select(p => (Unit: p.UnitKey!.Value, Key: (p.Year!.Value * 2) + (p.Kind == FormKind.Featured ? 1 : 0))).Distinct().Order().ToList();

            var sameBytes = new Dictionary<string, long>(StringComparer.Ordinal);
            var current = new Dictionary<(int Unit, string Kind, int Year), (long Key, int Version, Planned? InGroup)>();
            var keys = new Queue<long>();
            await using (var batch = new NpgsqlBatch(connection))
            {
                batch.BatchCommands.Add(new NpgsqlBatchCommand($"savepoint {Savepoint}"));
                batch.BatchCommands.Add(Command("select pg_advisory_xact_lock(k) from unnest($1::bigint[]) as k order by k",
                    planned.Select(p => HashLockKey(p.Received.Sha256)).Distinct().Order().ToArray()));
                batch.BatchCommands.Add(Command(SameBytesQuery, (object)planned.Select(p => p.Received.Sha256).Distinct().ToArray()));
                batch.BatchCommands.Add(Command("select pg_advisory_xact_lock(u, k) from unnest($1::integer[], $2::integer[]) as t (u, k) order by u, k",
                    formLocks.Select(l => l.Unit).ToArray(), formLocks.Select(l => l.Key).ToArray()));
                batch.BatchCommands.Add(Command(
                    """
                    select d.reporting_unit_key, d.form_kind, d.year, d.submission_key, d.version
                    from dim_submission d
                    join unnest($1::integer[], $2::text[], $3::integer[]) as t (unit_key, form_kind, year)
                      on d.reporting_unit_key = t.unit_key and d.form_kind = t.form_kind and d.year = t.year
                    where d.is_current
                    for update of d
                    """,
                    loading.Select(p => p.UnitKey!.Value).ToArray(), loading.Select(p => p.Kind!).ToArray(), loading.Select(p => p.Year!.Value).ToArray()));
                batch.BatchCommands.Add(Command("select nextval(pg_get_serial_sequence('dim_submission', 'submission_key')) from generate_series(1, $1)", planned.Count));
                savepointOpen = true;
                await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
                await reader.NextResultAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    sameBytes[reader.GetString(0)] = reader.GetInt64(1);
                }
                await reader.NextResultAsync(cancellationToken);
                await reader.NextResultAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    current[(reader.GetInt32(0), reader.GetString(1), reader.GetInt32(2))] = (reader.GetInt64(3), reader.GetInt32(4), null);
                }
                await reader.NextResultAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    keys.Enqueue(reader.GetInt64(0));
                }
            }

            // In the order received: the same bytes as a file before are a duplicate of it; a form whose unit, form and
            // year is current already becomes the next version and the one before stops being current.
            var results = new List<ImportResult>(planned.Count);
            var records = new List<Planned>(planned.Count);
            var noLongerCurrent = new List<long>();
            foreach (var p in planned)
            {
                var received = p.Received;
                if (sameBytes.TryGetValue(received.Sha256, out var existing))
                {
                    p.Key = existing;
                    p.Outcome = LoadOutcome.Duplicate;
                    results.Add(new ImportResult(received.Path, p.Form, received.Sha256, existing, LoadOutcome.Duplicate, received.ArchivePath, null) { SubmittedOn = received.SubmittedOn });
                    records.Add(p);
                    continue;
                }
                p.Key = keys.Dequeue();
                if (p.Kind is not { } kind)
                {
                    if (!quarantined.TryGetValue(received, out var stored))
                    {
                        quarantined[received] = stored = await importer.quarantine.StoreAsync(received.Path, received.Sha256, p.Form, cancellationToken);
                    }
                    p.QuarantinePath = stored;
                }
                else
                {
                    var form = (p.UnitKey!.Value, kind, p.Year!.Value);
                    if (current.TryGetValue(form, out var previous))
                    {
                        p.Version = previous.Version + 1;
                        p.Supersedes = previous.Key;
                        p.Outcome = LoadOutcome.Superseded;
                        if (previous.InGroup is { } earlier)
                        {
                            earlier.IsCurrent = false;
                        }
                        else
                        {
                            noLongerCurrent.Add(previous.Key);
                        }
                    }
                    else
                    {
                        p.Version = 1;
                        p.Outcome = LoadOutcome.Loaded;
                    }
                    p.IsCurrent = true;
                    current[form] = (p.Key, p.Version.Value, p);
                    sameBytes[received.Sha256] = p.Key;
                }
                results.Add(new ImportResult(received.Path, p.Form, received.Sha256, p.Key, p.Outcome, received.ArchivePath, p.QuarantinePath) { SubmittedOn = received.SubmittedOn });
                records.Add(p);
            }

            await using (var write = new NpgsqlBatch(connection))
            {
                var newYears = planned.Where(p => p.Kind is not null && !dims.Years.Contains(p.Year!.Value)).Select(p => p.Year!.Value).Distinct().ToArray();
                if (newYears.Length > 0)
                {
                    // A year the reference data does not list yet is still a science week; its dates come with the next reference
                    // load. Not cached: the insert belongs to this transaction and goes if it rolls back.
                    write.BatchCommands.Add(Command("insert into dim_year (year) select unnest($1::integer[]) on conflict do nothing", newYears));
                }
                if (noLongerCurrent.Count > 0)
                {
                    write.BatchCommands.Add(Command("update dim_submission set is_current = false where submission_key = any($1)", noLongerCurrent.ToArray()));
                }
                var submissions = records.Where(p => p.Outcome != LoadOutcome.Duplicate).ToList();
                foreach (var insert in importer.RecordCommands(
                    [.. submissions.Select(p => new SubmissionRow(p.Key, p.Received, p.Form, p.UnitKey, p.Year, p.Version, p.IsCurrent, p.Supersedes, p.QuarantinePath))],
                    [.. records.Select(p => new LedgerRow(p.Received, p.Outcome, p.Key))], dims))
                {
                    write.BatchCommands.Add(insert);
                }
                write.BatchCommands.Add(new NpgsqlBatchCommand($"release savepoint {Savepoint}"));
                await write.ExecuteNonQueryAsync(cancellationToken);
            }
            savepointOpen = false;
            statisticsForms.AddRange(records.Where(p => p.Kind == FormKind.Statistics && p.Outcome != LoadOutcome.Duplicate).Select(p => p.Key));
            return results;
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
