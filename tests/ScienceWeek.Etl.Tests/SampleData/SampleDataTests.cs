using System.Text.Json;
using Npgsql;
using ScienceWeek.Etl.Submissions;
using ScienceWeek.Testing;

namespace ScienceWeek.Etl.Tests.SampleData;

/// <summary>
/// The committed sample submissions (seed/submissions), taken in through the inbox exactly as ./run.sh queues them,
/// checked against the figures the generator wrote into seed/submissions/expected.json.
/// </summary>
public sealed class SampleDataTests(SampleDataTests.LoadedSeed seed) : IClassFixture<SampleDataTests.LoadedSeed>
{
    [Fact]
    public void Every_valid_sample_file_is_accepted_and_every_file_in_rejected_is_quarantined()
    {
        Assert.Equal(0, seed.Run.Failed);
        Assert.Equal(0, seed.Run.Pending);
        var expected = seed.Files().ToList();
        Assert.Equal(expected.Count, seed.Run.Results.Count);
        foreach (var file in expected)
        {
            var result = seed.ResultFor(file.GetProperty("file").GetString()!);
            if (file.GetProperty("status").GetString() == "rejected")
            {
                Assert.True(result.Read.IsRejected, result.Path);
                Assert.Equal(LoadOutcome.Quarantined, result.Load);
                Assert.True(File.Exists(result.QuarantinePath), result.Path);
            }
            else
            {
                Assert.False(result.Read.IsRejected, $"{result.Path}: {string.Join("; ", result.Read.Issues.Select(i => i.Message))}");
                Assert.Equal(file.GetProperty("unit").GetString(), result.Read.Unit?.Code);
                Assert.Equal(file.GetProperty("year").GetInt32(), result.Read.Year);
            }
        }
        var rejectedFolder = Directory.EnumerateFiles(Path.Combine(seed.Submissions, "rejected"), "*", SearchOption.AllDirectories).Count();
        Assert.Equal(rejectedFolder, seed.Run.Results.Count(r => r.Load == LoadOutcome.Quarantined));
    }

    [Fact]
    public async Task Every_current_statistics_form_holds_the_values_the_generator_wrote()
    {
        var loaded = await seed.FormValuesAsync();
        var checkedForms = 0;
        foreach (var file in seed.Files().Where(f => f.GetProperty("form").GetString() == "statistics" && f.GetProperty("current").GetBoolean()))
        {
            var result = seed.ResultFor(file.GetProperty("file").GetString()!);
            // A form also sent as a copy under another name may be the duplicate; its id is the submission holding the bytes.
            Assert.True(result.Load is LoadOutcome.Loaded or LoadOutcome.Superseded or LoadOutcome.Duplicate, $"{result.Path}: {result.Load}");
            var values = loaded[result.SubmissionId!.Value];
            foreach (var measure in file.GetProperty("values").EnumerateObject().Where(m => m.Value.ValueKind == JsonValueKind.Number))
            {
                Assert.True(values.TryGetValue(measure.Name, out var value), $"{result.Path}: {measure.Name} missing");
                Assert.Equal(measure.Value.GetDecimal(), value);
            }
            checkedForms++;
        }
        Assert.True(checkedForms > 300, $"only {checkedForms} current statistics forms in expected.json");
    }

    [Fact]
    public void The_same_form_sent_twice_under_two_names_is_loaded_once()
    {
        var copies = seed.Files().Where(f => f.GetProperty("duplicateOf").ValueKind == JsonValueKind.String).ToList();
        Assert.NotEmpty(copies);
        foreach (var copy in copies)
        {
            var pair = new[] { seed.ResultFor(copy.GetProperty("file").GetString()!), seed.ResultFor(copy.GetProperty("duplicateOf").GetString()!) };
            Assert.Single(pair, r => r.Load == LoadOutcome.Duplicate);
            Assert.Single(pair, r => r.Load == LoadOutcome.Loaded);
            Assert.Equal(pair[0].SubmissionId, pair[1].SubmissionId);
        }
    }

    [Fact]
    public async Task A_corrected_county_form_supersedes_the_version_it_corrects()
    {
        var corrected = seed.Files().Where(f => f.GetProperty("supersededBy").ValueKind == JsonValueKind.String).ToList();
        Assert.NotEmpty(corrected);
        foreach (var first in corrected)
        {
            var older = seed.ResultFor(first.GetProperty("file").GetString()!);
            var newer = seed.ResultFor(first.GetProperty("supersededBy").GetString()!);
            Assert.Equal(LoadOutcome.Superseded, newer.Load);
            Assert.False(await seed.IsCurrentAsync(older.SubmissionId!.Value));
            Assert.True(await seed.IsCurrentAsync(newer.SubmissionId!.Value));
        }
    }

    [Fact]
    public async Task Lanzhou_2024_is_reported_from_the_city_form()
    {
        var expected = seed.RegionValue("620100", 2024);
        Assert.Equal("reported", expected.GetProperty("basis").GetString());

        var (basis, funding, _) = await seed.MartAsync("620100", 2024, "funding_total");
        var (_, activities, _) = await seed.MartAsync("620100", 2024, "activities");

        Assert.Equal("reported", basis);
        Assert.Equal(expected.GetProperty("values").GetProperty("funding_total").GetDecimal(), funding);
        Assert.Equal(expected.GetProperty("values").GetProperty("activities").GetDecimal(), activities);
    }

    [Fact]
    public async Task Taiyuan_2020_without_a_valid_city_form_is_the_sum_of_its_counties_current_forms()
    {
        var expected = seed.RegionValue("140100", 2020);
        Assert.Equal("derived", expected.GetProperty("basis").GetString());

        var (basis, funding, forms) = await seed.MartAsync("140100", 2020, "funding_total");
        var (_, participants, _) = await seed.MartAsync("140100", 2020, "participants_total");

        Assert.Equal("derived", basis);
        Assert.Equal(expected.GetProperty("files").GetArrayLength(), forms);
        Assert.Equal(expected.GetProperty("values").GetProperty("funding_total").GetDecimal(), funding);
        Assert.Equal(expected.GetProperty("values").GetProperty("participants_total").GetDecimal(), participants);
    }

    /// <summary>The seed loaded once for the class: copied into a fresh inbox and processed by the real inbox and importer.</summary>
    [Fact]
    public async Task Every_sample_file_is_recorded_with_the_day_the_list_of_submission_days_gives()
    {
        var days = SubmittedDates.Read(seed.Submissions);
        var recorded = await seed.SubmittedOnAsync();
        var checkedFiles = 0;
        foreach (var file in seed.Files())
        {
            var path = file.GetProperty("file").GetString()!;
            var result = seed.ResultFor(path);
            Assert.True(days.ContainsKey(path), $"{path} is not in {SubmittedDates.FileName}");
            Assert.Equal(days[path], result.SubmittedOn);
            if (result.Load != LoadOutcome.Duplicate)
            {
                Assert.Equal(days[path], recorded[result.SubmissionId!.Value]);
                checkedFiles++;
            }
        }
        Assert.Equal(seed.Files().Count(), days.Count);
        Assert.True(checkedFiles > 400, $"{checkedFiles} files checked");
    }

    [Fact]
    public async Task In_2024_some_of_Lanzhous_counties_sent_after_the_deadline_of_10_June_and_most_before()
    {
        var recorded = await seed.SubmittedOnAsync();
        var lanzhou = seed.Files()
            .Where(f => f.GetProperty("year").GetInt32() == 2024 && f.GetProperty("form").GetString() == "statistics"
                && f.GetProperty("file").GetString()!.StartsWith("2024/620100/", StringComparison.Ordinal) && f.GetProperty("current").GetBoolean())
            .Select(f => recorded[seed.ResultFor(f.GetProperty("file").GetString()!).SubmissionId!.Value])
            .ToList();
        var deadline = new DateOnly(2024, 6, 10);

        Assert.InRange(lanzhou.Count(d => d > deadline), 1, lanzhou.Count / 2);
        Assert.All(lanzhou, d => Assert.InRange(d, new DateOnly(2024, 6, 2), new DateOnly(2024, 6, 30)));
    }

    [Fact]
    public async Task The_deliberate_outliers_of_the_generator_are_flagged_by_an_earlier_year_their_peers_or_their_parts_and_only_the_jump_under_3_times_escapes_yoy_jump()
    {
        var findings = await seed.FindingsAsync();
        var listed = string.Join("\n", findings);
        Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "TestResults"));
        await File.WriteAllTextAsync(Path.Combine(AppContext.BaseDirectory, "TestResults", "sample-findings.txt"), listed);

        // seed/README.md: 城关区 2023 online participation ×6 and 小店区 2021 media reports ×5 against the year before.
        Assert.Contains("620102|2023|yoy_jump|participants_online", findings);
        Assert.Contains("140105|2021|yoy_jump|media_reports", findings);
        // The year after an outlier falls back to its usual level: under a third of the outlier year.
        Assert.Contains("620102|2024|yoy_jump|participants_online", findings);
        // 邹城市 2022 enterprise funding ×8: 0.52 → 4.24 万元, more than 2 万元 moved; 2023's 1.17 falls back under a third.
        Assert.Contains("370883|2022|yoy_jump|funding_enterprise", findings);
        Assert.Contains("370883|2023|yoy_jump|funding_enterprise", findings);
        // 临夏州 2024 activities ×3 has no 2023 form: compared with its 2022 form, and its funding per activity is below its peers'.
        Assert.Contains("622900|2024|yoy_jump|activities", findings);
        Assert.Contains("622900|2024|ratio_outlier|funding_total", findings);
        // Jining 2022 online participation ×2.5 is inside the 3× band of the year before, but more than twice what all its
        // counties and zones reported together.
        Assert.DoesNotContain("370800|2022|yoy_jump|participants_online", findings);
        Assert.Contains("370800|2022|parent_exceeds_children|participants_online", findings);
        // The cities' and provinces' own events add 2-12 % to the sum below them: no other region-year is far above its
        // parts but Shandong's 2023 其他经费 (31.45 万元), where 13 of 16 cities reported, five of them 无 or 0, 13.29 万元 in all.
        Assert.Equal(["370000|2023|parent_exceeds_children|funding_other", "370800|2022|parent_exceeds_children|participants_online"],
            findings.Where(f => f.Contains("|parent_exceeds_children|", StringComparison.Ordinal)));
        Assert.True(findings.Count < 200, listed);
    }

    [Fact]
    public async Task The_refresh_after_the_loads_which_rechecks_only_what_they_touched_leaves_the_findings_a_full_recheck_finds()
    {
        var full = await seed.FindingsAsync();

        Assert.NotEmpty(full);
        Assert.Equal(full, seed.FindingsAfterLoads);
    }

    public sealed class LoadedSeed : IAsyncLifetime
    {
        private readonly string data = Path.Combine(Path.GetTempPath(), "scienceweek-seed-" + Guid.NewGuid().ToString("N")[..12]);
        private TestDatabase? database;
        private JsonDocument? expected;
        private Dictionary<string, ImportResult> byFile = [];

        public string Submissions { get; } = FindSubmissions();

        public InboxRun Run { get; private set; } = null!;

        /// <summary>The findings as the refresh after the loads left them, before the full recheck.</summary>
        public List<string> FindingsAfterLoads { get; private set; } = [];

        public async Task InitializeAsync()
        {
            expected = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(Submissions, "expected.json")));
            database = await TestCluster.CreateDatabaseAsync();
            var folders = new ImportFolders(data);
            // As ./run.sh queues them: everything but expected.json (the list of submission days included), all with one
            // modification time, so path order decides.
            var queuedAt = new DateTime(2024, 7, 1, 0, 0, 0, DateTimeKind.Utc);
            foreach (var source in Directory.EnumerateFiles(Submissions, "*", SearchOption.AllDirectories).Where(f => Path.GetFileName(f) != "expected.json"))
            {
                var target = Path.Combine(folders.Inbox, Path.GetRelativePath(Submissions, source));
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(source, target);
                File.SetLastWriteTimeUtc(target, queuedAt);
            }
            var importer = new Importer(database.DataSource, folders, ImportServices.CreateReader());
            var inbox = new Inbox(folders, folders.Inbox, importer, database.DataSource, new InboxOptions { SettleSeconds = 0, Parallelism = 2 });
            Run = await inbox.ProcessAsync(CancellationToken.None);
            // As the inbox job does after its run: only what the loads touched, then everything again, as after reference data.
            await ImportServices.RefreshLoadedAsync(database.DataSource, Run.Results, CancellationToken.None);
            FindingsAfterLoads = await FindingsAsync();
            await ImportServices.RefreshMartsAsync(database.DataSource, CancellationToken.None);
            byFile = Run.Results.ToDictionary(r => Path.GetRelativePath(folders.Inbox, r.Path).Replace('\\', '/'), StringComparer.Ordinal);
        }

        public async Task DisposeAsync()
        {
            expected?.Dispose();
            if (database is not null)
            {
                await database.DisposeAsync();
            }
            if (Directory.Exists(data))
            {
                Directory.Delete(data, recursive: true);
            }
        }

        public IEnumerable<JsonElement> Files() => expected!.RootElement.GetProperty("files").EnumerateArray();

        public ImportResult ResultFor(string file) =>
            byFile.TryGetValue(file, out var result) ? result : throw new KeyNotFoundException("No import result for " + file);

        public JsonElement RegionValue(string region, int year) =>
            expected!.RootElement.GetProperty("regionValues").EnumerateArray()
                .Single(v => v.GetProperty("region").GetString() == region && v.GetProperty("year").GetInt32() == year);

        public async Task<(string Basis, decimal Value, int ContributingForms)> MartAsync(string region, int year, string measure)
        {
            await using var command = database!.DataSource.CreateCommand("""
                select m.basis, m.value, m.contributing_forms
                from mart_region_value m join dim_region r using (region_key)
                where r.region_code = $1 and m.year = $2 and m.measure_code = $3
                """);
            command.Parameters.Add(new NpgsqlParameter { Value = region });
            command.Parameters.Add(new NpgsqlParameter { Value = year });
            command.Parameters.Add(new NpgsqlParameter { Value = measure });
            await using var reader = await command.ExecuteReaderAsync();
            Assert.True(await reader.ReadAsync(), $"no value for {region} {year} {measure}");
            return (reader.GetString(0), reader.GetDecimal(1), reader.GetInt32(2));
        }

        public async Task<Dictionary<long, Dictionary<string, decimal>>> FormValuesAsync()
        {
            var values = new Dictionary<long, Dictionary<string, decimal>>();
            await using var command = database!.DataSource.CreateCommand("select submission_key, measure_code, value from form_measure_value where value is not null");
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                var key = reader.GetInt64(0);
                if (!values.TryGetValue(key, out var form))
                {
                    values[key] = form = new Dictionary<string, decimal>(StringComparer.Ordinal);
                }
                form[reader.GetString(1)] = reader.GetDecimal(2);
            }
            return values;
        }

        public async Task<Dictionary<long, DateOnly>> SubmittedOnAsync()
        {
            var days = new Dictionary<long, DateOnly>();
            await using var command = database!.DataSource.CreateCommand("select submission_key, submitted_on from dim_submission");
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                days[reader.GetInt64(0)] = reader.GetFieldValue<DateOnly>(1);
            }
            return days;
        }

        /// <summary>Every finding of the checks that need other data, as unit|year|rule|measure.</summary>
        public async Task<List<string>> FindingsAsync()
        {
            var findings = new List<string>();
            await using var command = database!.DataSource.CreateCommand("""
                select u.unit_code || '|' || s.year || '|' || d.rule || '|' || d.measure_code
                from data_finding d join dim_submission s using (submission_key) join dim_reporting_unit u using (reporting_unit_key)
                where s.is_current order by 1
                """);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                findings.Add(reader.GetString(0));
            }
            return findings;
        }

        public async Task<bool> IsCurrentAsync(long submission)
        {
            await using var command = database!.DataSource.CreateCommand("select is_current from dim_submission where submission_key = $1");
            command.Parameters.Add(new NpgsqlParameter { Value = submission });
            return (bool)(await command.ExecuteScalarAsync())!;
        }

        private static string FindSubmissions()
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "seed", "submissions");
                if (File.Exists(Path.Combine(candidate, "expected.json")))
                {
                    return candidate;
                }
            }
            throw new DirectoryNotFoundException("seed/submissions/expected.json not found above " + AppContext.BaseDirectory);
        }
    }
}
