using ScienceWeek.Dashboard.Publishing;
using ScienceWeek.Dashboard.Values;
using ScienceWeek.Etl.Forms;
using ScienceWeek.Etl.Submissions;
using ScienceWeek.Testing;
using ScienceWeek.Warehouse.Model;

namespace ScienceWeek.Dashboard.Tests.Publishing;

/// <summary>
/// statistics.xlsx of every region and year that has a value in the sample data (seed/submissions loaded through the real
/// inbox), read back by the ETL's own form reader, as `check` reads it.
/// </summary>
public sealed class StatisticsWorkbookSampleDataTests(StatisticsWorkbookSampleDataTests.SampleWarehouse seed)
    : IClassFixture<StatisticsWorkbookSampleDataTests.SampleWarehouse>
{
    [Fact]
    public async Task Every_region_and_year_reads_back_through_check_as_its_own_unit_year_and_values()
    {
        var regionYears = await seed.RegionYearsAsync();
        var reader = new FormReader(UnitDirectory.Load(UnitDirectory.DefaultFolder));
        var failures = new List<string>();
        var derived = 0;
        foreach (var (code, year) in regionYears)
        {
            var data = (await seed.Query.GetAsync(code, year, CancellationToken.None))!;
            derived += data.Basis is { IsReported: false } ? 1 : 0;
            using var file = new MemoryStream(StatisticsWorkbook.Build(data));
            var read = reader.Read(file, "statistics.xlsx", new ReadContext(), CancellationToken.None);

            if (read.IsRejected || read.Form != FormKind.Statistics || read.Unit?.Code != code || read.Year != year)
            {
                failures.Add($"{code} {year}: {read.Status} {read.Form} {read.Unit?.Code} {read.Year} {string.Join("; ", read.Issues.Select(i => i.Message))}");
                continue;
            }
            foreach (var measure in Measures.OnForm)
            {
                var expected = data.Value(measure);
                var actual = read.Values.TryGetValue(measure, out var v) ? v.Value : null;
                if (expected != actual)
                {
                    failures.Add($"{code} {year} {measure}: mart {expected}, read back {actual}");
                }
            }
        }

        Assert.Empty(failures);
        Assert.True(regionYears.Count > 100, $"only {regionYears.Count} region-years in the sample data");
        // 太原市 2020 has no valid city form of its own (seed/README.md): the one derived region-year below the nation.
        Assert.True(derived >= 1, "no derived region-year");
    }

    [Fact]
    public async Task A_derived_region_says_how_many_forms_its_numbers_are_summed_from()
    {
        var data = (await seed.Query.GetAsync("140100", 2020, CancellationToken.None))!;
        var basis = data.Basis!;

        Assert.False(basis.IsReported);
        Assert.Contains($"由下级 {basis.ContributingForms} 份报表汇总得出", StatisticsWorkbook.DerivedNote(data), StringComparison.Ordinal);
        Assert.Equal(basis.ContributingForms, data.Units.Count);
        Assert.Equal(data.Value(Measures.FundingTotal), data.Units.Sum(u => u.Values.GetValueOrDefault(Measures.FundingTotal) ?? 0));
    }

    /// <summary>The sample submissions taken in through the real inbox and importer into a fresh warehouse.</summary>
    public sealed class SampleWarehouse : IAsyncLifetime
    {
        private readonly string data = Path.Combine(Path.GetTempPath(), "scienceweek-publish-" + Guid.NewGuid().ToString("N")[..12]);
        private TestDatabase? database;

        public PublishQuery Query { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            database = await TestCluster.CreateDatabaseAsync();
            var folders = new ImportFolders(data);
            var submissions = FindSubmissions();
            var queuedAt = new DateTime(2024, 7, 1, 0, 0, 0, DateTimeKind.Utc);
            foreach (var source in Directory.EnumerateFiles(submissions, "*", SearchOption.AllDirectories).Where(f => Path.GetFileName(f) != "expected.json"))
            {
                var target = Path.Combine(folders.Inbox, Path.GetRelativePath(submissions, source));
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(source, target);
                File.SetLastWriteTimeUtc(target, queuedAt);
            }
            var importer = new Importer(database.DataSource, folders, ImportServices.CreateReader());
            var inbox = new Inbox(folders, folders.Inbox, importer, database.DataSource, new InboxOptions { SettleSeconds = 0, Parallelism = 2 });
            await inbox.ProcessAsync(CancellationToken.None);
            await ImportServices.RefreshMartsAsync(database.DataSource, CancellationToken.None);
            Query = new PublishQuery(database.DataSource, new RegionValues(database.DataSource), new Catalogue(database.DataSource, TimeProvider.System),
                new ScienceWeek.Dashboard.Progress.ProgressQuery(database.DataSource));
        }

        public async Task<IReadOnlyList<(string Code, int Year)>> RegionYearsAsync()
        {
            var list = new List<(string, int)>();
            await using var command = database!.DataSource.CreateCommand("""
                select distinct r.region_code, v.year from mart_region_value v join dim_region r using (region_key)
                where r.level <> 'nation' order by 1, 2
                """);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                list.Add((reader.GetString(0), reader.GetInt32(1)));
            }
            return list;
        }

        public async Task DisposeAsync()
        {
            if (database is not null)
            {
                await database.DisposeAsync();
            }
            if (Directory.Exists(data))
            {
                Directory.Delete(data, recursive: true);
            }
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
            throw new DirectoryNotFoundException("seed/submissions not found above " + AppContext.BaseDirectory);
        }
    }
}
