using ScienceWeek.Etl.Forms;
using ScienceWeek.Etl.Submissions;
using ScienceWeek.Testing;

namespace ScienceWeek.Etl.Tests.Loading;

/// <summary>Many files in one import transaction, a savepoint each: every file whole, the others untouched by one that fails.</summary>
public sealed class ImportBatchTests(LoadingDatabase database) : IClassFixture<LoadingDatabase>, IDisposable
{
    // Long enough that every file of a test goes into one transaction.
    private static readonly ImportBatching OneTransaction = new(Files: 50, Seconds: 600);
    private readonly TestDatabase db = database.Db;
    private readonly string dataFolder = LoadingFiles.NewDataFolder();

    public void Dispose() => Directory.Delete(dataFolder, recursive: true);

    private Importer NewImporter(FormReading? reader = null) => new(db.DataSource, new ImportFolders(dataFolder), reader ?? LoadingFiles.Reader);

    private static async Task<List<(ImportResult? Result, Exception? Failure)>> RunAsync(Importer importer, IEnumerable<string> files, ImportBatching? batching = null)
    {
        var lines = new List<(ImportResult?, Exception?)>();
        var work = files.Select(f => new ImportWork(f, new ReadContext())).ToList();
        await ImportPipeline.RunAsync(importer, work, ImportChannel.Command, parallelism: 2, (i, result, failure) =>
        {
            Assert.Equal(lines.Count, i);
            lines.Add((result, failure));
            return Task.CompletedTask;
        }, CancellationToken.None, batching ?? OneTransaction);
        return lines;
    }

    [Fact]
    public async Task A_file_the_warehouse_refuses_in_the_middle_of_a_batch_is_quarantined_and_the_files_around_it_stay_loaded()
    {
        var files = ImportSamples.WriteCountyForms(LoadingFiles.Fixture("chengguan-2024-v1.xlsx"), Path.Combine(dataFolder, "forms"), count: 3, year: 2024, seed: 5, firstCounty: 300);
        // The middle form carries a negative number past the reader's rules: the fact table's check refuses it at insert.
        var importer = NewImporter((path, context, cancellationToken) =>
        {
            var form = LoadingFiles.Reader(path, context, cancellationToken);
            if (path != files[1])
            {
                return form;
            }
            var values = form.Values.ToDictionary(v => v.Key, v => v.Value);
            values["activities"] = values["activities"] with { Value = -5 };
            return form with { Values = values };
        });

        var lines = await RunAsync(importer, files);

        Assert.Equal([LoadOutcome.Loaded, LoadOutcome.Quarantined, LoadOutcome.Loaded], lines.Select(l => l.Result?.Load));
        var refused = lines[1].Result!;
        Assert.Contains(refused.Read.Issues, i => i.Code == "load_refused");
        Assert.Equal("rejected", await db.ScalarAsync<string>("select status from dim_submission where submission_key = $1", refused.SubmissionId!.Value));
        Assert.Equal(0L, await db.ScalarAsync<long>("select count(*) from fact_statistics_value where submission_key = $1", refused.SubmissionId.Value));
        Assert.True(File.Exists(refused.QuarantinePath));
        foreach (var loaded in new[] { lines[0].Result!, lines[2].Result! })
        {
            Assert.Equal(19L, await db.ScalarAsync<long>("select count(*) from fact_statistics_value where submission_key = $1", loaded.SubmissionId!.Value));
            Assert.True(await db.ScalarAsync<bool>("select is_current from dim_submission where submission_key = $1", loaded.SubmissionId.Value));
        }
        Assert.Equal(3L, await db.ScalarAsync<long>("select count(*) from received_file where sha256 = any($1)", (object)lines.Select(l => l.Result!.Sha256).ToArray()));
    }

    [Fact]
    public async Task A_file_that_fails_in_the_middle_of_a_batch_leaves_nothing_of_itself_and_the_files_before_and_after_it_commit()
    {
        var files = ImportSamples.WriteCountyForms(LoadingFiles.Fixture("chengguan-2024-v1.xlsx"), Path.Combine(dataFolder, "forms"), count: 2, year: 2024, seed: 6, firstCounty: 310);
        var rejected = LoadingFiles.CopyTo("qilihe-2024-negative.xlsx", Path.Combine(dataFolder, "forms"));
        var importer = NewImporter();
        var prepared = new List<PreparedFile>();
        foreach (var file in new[] { files[0], rejected, files[1] })
        {
            prepared.Add(await importer.PrepareAsync(file, new ReadContext(), ImportChannel.Command, CancellationToken.None));
        }
        // Gone before its copy to quarantine: the failure comes after its savepoint, locks and look-ups.
        File.Delete(rejected);

        ImportResult first, last;
        await using (var batch = await importer.BeginBatchAsync(CancellationToken.None))
        {
            first = await batch.LoadAsync(prepared[0], CancellationToken.None);
            await Assert.ThrowsAsync<FileNotFoundException>(() => batch.LoadAsync(prepared[1], CancellationToken.None));
            last = await batch.LoadAsync(prepared[2], CancellationToken.None);
            Assert.Equal(2, batch.Count);
            Assert.True(batch.IsUsable);
            await batch.CommitAsync(CancellationToken.None);
        }

        Assert.Equal(0L, await db.ScalarAsync<long>("select count(*) from dim_submission where sha256 = $1", prepared[1].Sha256));
        Assert.Equal(0L, await db.ScalarAsync<long>("select count(*) from received_file where sha256 = $1", prepared[1].Sha256));
        foreach (var loaded in new[] { first, last })
        {
            Assert.Equal(LoadOutcome.Loaded, loaded.Load);
            Assert.Equal(19L, await db.ScalarAsync<long>("select count(*) from fact_statistics_value where submission_key = $1", loaded.SubmissionId!.Value));
            Assert.Equal(1L, await db.ScalarAsync<long>("select count(*) from received_file where submission_key = $1", loaded.SubmissionId.Value));
        }
    }

    [Fact]
    public async Task Two_versions_of_one_form_in_one_batch_end_with_the_later_current_and_the_same_bytes_again_are_a_duplicate()
    {
        var forms = Path.Combine(dataFolder, "forms");
        var v1 = LoadingFiles.CopyTo("chengguan-2024-v1.xlsx", forms);
        var v2 = LoadingFiles.CopyTo("chengguan-2024-v2.xlsx", forms);
        var again = LoadingFiles.CopyTo("chengguan-2024-v1.xlsx", forms, "chengguan-2024-v1-again.xlsx");

        var lines = await RunAsync(NewImporter(), [v1, v2, again]);
        await ImportServices.RefreshLoadedAsync(db.DataSource, lines.Select(l => l.Result!), CancellationToken.None);

        Assert.Equal([LoadOutcome.Loaded, LoadOutcome.Superseded, LoadOutcome.Duplicate], lines.Select(l => l.Result?.Load));
        var (first, second, third) = (lines[0].Result!, lines[1].Result!, lines[2].Result!);
        Assert.False(await db.ScalarAsync<bool>("select is_current from dim_submission where submission_key = $1", first.SubmissionId!.Value));
        Assert.True(await db.ScalarAsync<bool>("select is_current from dim_submission where submission_key = $1", second.SubmissionId!.Value));
        Assert.Equal(2, await db.ScalarAsync<int>("select version from dim_submission where submission_key = $1", second.SubmissionId.Value));
        Assert.Equal(first.SubmissionId.Value, await db.ScalarAsync<long>("select supersedes_submission_key from dim_submission where submission_key = $1", second.SubmissionId.Value));
        Assert.Equal(first.SubmissionId, third.SubmissionId);
        Assert.Equal(2L, await db.ScalarAsync<long>("select count(*) from dim_submission where reporting_unit_key = (select reporting_unit_key from dim_submission where submission_key = $1)", first.SubmissionId.Value));
        Assert.Equal(210m, await db.ScalarAsync<decimal>(
            """
            select m.value from mart_region_value m join dim_region r using (region_key)
            where r.region_code = '620102' and m.year = 2024 and m.measure_code = 'activities'
            """));
        var ledger = await ImportLedger.ReadAsync(db.DataSource, pending: 0, CancellationToken.None);
        Assert.True(ledger.Balances);
        Assert.Equal(3L, await db.ScalarAsync<long>("select count(*) from received_file where sha256 = any($1)", (object)lines.Select(l => l.Result!.Sha256).Distinct().ToArray()));
    }

    [Fact]
    public async Task Versions_of_one_form_in_transactions_that_overlap_end_in_the_order_received_with_the_last_one_current()
    {
        // Four rounds of the same three counties, two files a transaction: every transaction holds a form the one before
        // it also holds, and is recorded while that one still runs its checks and commits.
        var rounds = Enumerable.Range(1, 4)
            .Select(round => ImportSamples.WriteCountyForms(LoadingFiles.Fixture("chengguan-2024-v1.xlsx"), Path.Combine(dataFolder, $"round-{round}"),
                count: 3, year: 2024, seed: 20 + round, firstCounty: 320))
            .ToList();
        var files = rounds.SelectMany(r => r).ToList();

        var lines = await RunAsync(NewImporter(), files, new ImportBatching(Files: 2, Seconds: 600));

        Assert.All(lines, l => Assert.Null(l.Failure));
        Assert.Equal(files, lines.Select(l => l.Result!.Path));
        for (var county = 0; county < 3; county++)
        {
            var keys = Enumerable.Range(0, 4).Select(round => lines[(round * 3) + county].Result!.SubmissionId!.Value).ToArray();
            var versions = await db.ScalarAsync<int[]>(
                "select array_agg(version order by array_position($1, submission_key)) from dim_submission where submission_key = any($1)", (object)keys);
            var current = await db.ScalarAsync<bool[]>(
                "select array_agg(is_current order by array_position($1, submission_key)) from dim_submission where submission_key = any($1)", (object)keys);
            Assert.Equal([1, 2, 3, 4], versions);
            Assert.Equal([false, false, false, true], current);
        }
        Assert.True((await ImportLedger.ReadAsync(db.DataSource, pending: 0, CancellationToken.None)).Balances);
    }
}
