using Npgsql;
using ScienceWeek.Etl.Forms;
using ScienceWeek.Etl.Submissions;
using ScienceWeek.Testing;

namespace ScienceWeek.Etl.Tests.Loading;

public sealed class ImporterTests(LoadingDatabase database) : IClassFixture<LoadingDatabase>, IDisposable
{
    private readonly TestDatabase db = database.Db;
    private readonly string dataFolder = LoadingFiles.NewDataFolder();

    private Importer NewImporter(FormReading? reader = null) =>
        new(db.DataSource, new ImportFolders(dataFolder), reader ?? LoadingFiles.Reader);

    private Task<ImportResult> ImportAsync(string fixture, Importer? importer = null) =>
        (importer ?? NewImporter()).ImportAsync(LoadingFiles.Fixture(fixture), new ReadContext(), ImportChannel.Command, CancellationToken.None);

    public void Dispose() => Directory.Delete(dataFolder, recursive: true);

    [Fact]
    public async Task The_same_file_imported_twice_is_loaded_once_and_the_second_time_is_a_duplicate()
    {
        var first = await ImportAsync("anning-2024.xlsx");
        var second = await ImportAsync("anning-2024.xlsx");

        Assert.Equal(LoadOutcome.Loaded, first.Load);
        Assert.Equal(LoadOutcome.Duplicate, second.Load);
        Assert.Equal(first.SubmissionId, second.SubmissionId);
        Assert.Equal(1L, await db.ScalarAsync<long>("select count(*) from dim_submission where sha256 = $1", first.Sha256));
        Assert.Equal(19L, await db.ScalarAsync<long>("select count(*) from fact_statistics_value where submission_key = $1", first.SubmissionId!.Value));
        Assert.Equal(2L, await db.ScalarAsync<long>("select count(*) from received_file where sha256 = $1", first.Sha256));
    }

    [Fact]
    public async Task A_city_list_gathering_its_counties_picks_loads_and_the_table_refuses_a_sixth_pick_of_one_recommender()
    {
        var result = await NewImporter().ImportAsync(
            Path.Combine(Reading.Fixtures.TestData, "featured-city-list-of-county-picks.csv"), new ReadContext(), ImportChannel.Command, CancellationToken.None);

        Assert.Equal(LoadOutcome.Loaded, result.Load);
        var key = result.SubmissionId!.Value;
        Assert.Equal(8L, await db.ScalarAsync<long>("select count(*) from fact_featured_activity where submission_key = $1", key));
        Assert.Equal(4, await db.ScalarAsync<int>(
            "select max(recommender_rank) from fact_featured_activity where submission_key = $1 and recommending_unit = '城关区科学技术局'", key));
        var refused = await Assert.ThrowsAsync<PostgresException>(() => db.ScalarAsync<int>(
            """
            insert into fact_featured_activity (submission_key, row_number, reporting_unit_key, year, activity_name, recommending_unit,
                source_sheet, source_cell, recommender_key, recommender_rank)
            select submission_key, 9, reporting_unit_key, year, '第六项', recommending_unit, source_sheet, 'B12', recommender_key, 6
            from fact_featured_activity where submission_key = $1 and row_number = 1
            returning 1
            """, key));
        Assert.Equal(PostgresErrorCodes.CheckViolation, refused.SqlState);
    }

    [Fact]
    public async Task Looking_for_earlier_identical_bytes_uses_the_index_of_loaded_files_instead_of_scanning_every_submission()
    {
        await using var connection = await db.DataSource.OpenConnectionAsync();
        await using (var noScans = new NpgsqlCommand("set enable_seqscan = off", connection))
        {
            await noScans.ExecuteNonQueryAsync();
        }
        await using var explain = new NpgsqlCommand("explain " + Importer.SameBytesQuery, connection) { Parameters = { new() { Value = new[] { new string('a', 64) } } } };
        var plan = new List<string>();
        await using (var reader = await explain.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                plan.Add(reader.GetString(0));
            }
        }

        // The hash must be the index condition: with text, the planner can only filter every row of the index or table.
        Assert.Contains(plan, line => line.Contains("Index Cond: (sha256 =", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Facts_keep_their_submission_and_source_cell_and_the_original_is_archived_by_hash()
    {
        var result = await ImportAsync("xigu-2024.xlsx");

        var cell = await db.ScalarAsync<string>(
            """
            select f.source_sheet || '!' || f.source_cell
            from fact_statistics_value f
            where f.submission_key = $1 and f.measure_code = 'funding_central'
            """, result.SubmissionId!.Value);
        Assert.Equal("Sheet1!C4", cell);
        Assert.Equal(10m, await db.ScalarAsync<decimal>(
            "select value from fact_statistics_value where submission_key = $1 and measure_code = 'funding_central'", result.SubmissionId.Value));
        Assert.Equal(Path.Combine(dataFolder, "archive", result.Sha256[..2], result.Sha256[2..] + ".xlsx"), result.ArchivePath);
        Assert.Equal(File.ReadAllBytes(LoadingFiles.Fixture("xigu-2024.xlsx")), File.ReadAllBytes(result.ArchivePath!));
    }

    [Fact]
    public async Task A_newer_version_supersedes_the_older_one_in_the_mart_and_the_older_one_is_kept_as_history()
    {
        var v1 = await ImportAsync("chengguan-2024-v1.xlsx");
        await ImportServices.RefreshMartsAsync(db.DataSource, CancellationToken.None);
        var before = await ActivitiesOfChengguanAsync();

        var v2 = await ImportAsync("chengguan-2024-v2.xlsx");
        await ImportServices.RefreshMartsAsync(db.DataSource, CancellationToken.None);
        var after = await ActivitiesOfChengguanAsync();

        Assert.Equal(LoadOutcome.Loaded, v1.Load);
        Assert.Equal(LoadOutcome.Superseded, v2.Load);
        Assert.Equal(186m, before);
        Assert.Equal(210m, after);
        Assert.False(await db.ScalarAsync<bool>("select is_current from dim_submission where submission_key = $1", v1.SubmissionId!.Value));
        Assert.True(await db.ScalarAsync<bool>("select is_current from dim_submission where submission_key = $1", v2.SubmissionId!.Value));
        Assert.Equal(2, await db.ScalarAsync<int>("select version from dim_submission where submission_key = $1", v2.SubmissionId.Value));
        Assert.Equal(v1.SubmissionId.Value, await db.ScalarAsync<long>("select supersedes_submission_key from dim_submission where submission_key = $1", v2.SubmissionId.Value));
        Assert.Equal(1L, await db.ScalarAsync<long>("select count(*) from fact_statistics_value where submission_key = $1 and measure_code = 'activities'", v1.SubmissionId.Value));
    }

    private Task<decimal> ActivitiesOfChengguanAsync() => db.ScalarAsync<decimal>(
        """
        select m.value from mart_region_value m join dim_region r using (region_key)
        where r.region_code = '620102' and m.year = 2024 and m.measure_code = 'activities'
        """);

    [Fact]
    public async Task A_total_line_that_differs_from_the_sum_of_its_parts_is_kept_and_flagged_total_mismatch_in_the_check_report_with_its_cell()
    {
        // 红古区 2024 added 经费合计 (32, the parts add up to 23 万元), a staff 小计 and 群众参与合计 that are right.
        var result = await ImportAsync("honggu-2024-totals.xlsx");
        var key = result.SubmissionId!.Value;

        var mismatch = Assert.Single(result.Read.Issues, i => i.Code == "total_mismatch");
        Assert.Equal(LoadOutcome.Loaded, result.Load);
        Assert.Equal(FormStatus.Warning, result.Read.Status);
        Assert.Equal("Sheet1!C11", mismatch.Cell);
        Assert.Equal("活动经费合计填报为 32 万元，而各分项之和为 23 万元，相差 9 万元，请核实。", mismatch.Message);
        Assert.Equal(["funding_total", "participants_total", "staff_total"], result.Read.ReportedTotals.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(185m, result.Read.ReportedTotals["staff_total"].Value);
        Assert.Equal("Sheet1!C11", await db.ScalarAsync<string>(
            "select cell from data_finding where submission_key = $1 and rule = 'total_mismatch' and measure_code = 'funding_total'", key));
        Assert.Equal(1L, await db.ScalarAsync<long>("select count(*) from data_finding where submission_key = $1 and rule = 'total_mismatch'", key));
        Assert.Equal(3L, await db.ScalarAsync<long>("select count(*) from statistics_reported_total where submission_key = $1", key));
        Assert.Equal(23m, await db.ScalarAsync<decimal>("select value from form_measure_value where submission_key = $1 and measure_code = 'funding_total'", key));
    }

    [Fact]
    public async Task A_rejected_file_is_recorded_with_its_issues_and_quarantined_with_a_report_in_chinese()
    {
        var result = await ImportAsync("qilihe-2024-negative.xlsx");

        Assert.Equal(LoadOutcome.Quarantined, result.Load);
        Assert.Equal("rejected", await db.ScalarAsync<string>("select status from dim_submission where submission_key = $1", result.SubmissionId!.Value));
        Assert.Equal("Sheet1!C4", await db.ScalarAsync<string>("select cell from submission_issue where submission_key = $1 and severity = 'error'", result.SubmissionId.Value));
        Assert.Equal(0L, await db.ScalarAsync<long>("select count(*) from fact_statistics_value where submission_key = $1", result.SubmissionId.Value));
        Assert.Equal("quarantined", await db.ScalarAsync<string>("select outcome from received_file where submission_key = $1", result.SubmissionId.Value));
        Assert.True(File.Exists(result.QuarantinePath));
        Assert.Equal(Path.Combine(dataFolder, "quarantine"), Path.GetDirectoryName(Path.GetDirectoryName(result.QuarantinePath)));
        var report = await File.ReadAllTextAsync(result.QuarantinePath + ".report.txt");
        Assert.Contains("文件：qilihe-2024-negative.xlsx", report);
        Assert.Contains("工作表 Sheet1，单元格 C4", report);
        Assert.Contains("负数", report);
    }

    [Fact]
    public async Task A_reader_that_throws_on_a_hostile_file_ends_in_quarantine_instead_of_a_crash()
    {
        var path = Path.Combine(dataFolder, "renamed-binary.xlsx");
        await File.WriteAllBytesAsync(path, [0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0xde, 0xad, 0xbe, 0xef]);
        var importer = NewImporter((_, _, _) => throw new InvalidDataException("not a zip"));

        var result = await importer.ImportAsync(path, new ReadContext(), ImportChannel.Command, CancellationToken.None);

        Assert.Equal(LoadOutcome.Quarantined, result.Load);
        Assert.Equal("unreadable", result.Read.Issues.Single().Code);
        Assert.True(File.Exists(result.QuarantinePath + ".report.txt"));
    }

    [Fact]
    public async Task Two_importers_racing_on_one_file_load_it_once()
    {
        // A form of this test's own (a county no other test loads), so the outcome depends on the race alone.
        var path = ImportSamples.WriteCountyForms(LoadingFiles.Fixture("chengguan-2024-v1.xlsx"), Path.Combine(dataFolder, "race"), count: 1, year: 2024, seed: 7, firstCounty: 100)[0];
        // Two importers with their own connection pools, as two processes would have.
        var readers = Enumerable.Range(0, 2).Select(_ => Npgsql.NpgsqlDataSource.Create(db.ConnectionString)).ToList();
        try
        {
            var importers = readers.Select(source => new Importer(source, new ImportFolders(dataFolder), LoadingFiles.Reader)).ToList();
            var results = await Task.WhenAll(importers.Select(importer =>
                Task.Run(() => importer.ImportAsync(path, new ReadContext(), ImportChannel.Command, CancellationToken.None))));

            var loads = results.Select(r => r.Load).Order().ToList();
            Assert.Single(results.Select(r => r.SubmissionId).Distinct());
            Assert.Equal(1L, await db.ScalarAsync<long>("select count(*) from dim_submission where sha256 = $1 and status <> 'rejected'", results[0].Sha256));
            Assert.Contains(LoadOutcome.Duplicate, loads);
            Assert.Single(loads, l => l != LoadOutcome.Duplicate);
        }
        finally
        {
            foreach (var source in readers)
            {
                await source.DisposeAsync();
            }
        }
    }
}
