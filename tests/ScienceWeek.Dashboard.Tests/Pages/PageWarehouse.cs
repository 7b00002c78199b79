using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using ScienceWeek.Accounts;
using ScienceWeek.Dashboard.Tests.Accounts;
using ScienceWeek.Etl.Forms;
using ScienceWeek.Etl.Submissions;
using ScienceWeek.Testing;

namespace ScienceWeek.Dashboard.Tests.Pages;

/// <summary>
/// A warehouse loaded by the real ETL importer from office-made forms (Pages/TestData/forms, made by make-fixtures.sh
/// from sources/*.html), and the dashboard on it.
/// <list type="bullet">
/// <item>兰州市 620100 reports its own form in 2023 and 2024 (2024: funding 594.5 万元, enterprise 120.5, 600,000 participants,
/// 120 activities); its districts 城关区 620102, 七里河区 620103 and 西固区 620104 report in 2024 (participants per activity
/// 4,000 / 6,000 / 3,000).</item>
/// <item>太原市 140100 has no form of its own: derived from 小店区 and 迎泽区 (both years) and 杏花岭区 (2024 only);
/// enterprise funding 150 in 2023, 250 in 2024, like-for-like 150 → 210.</item>
/// <item>济宁市 370800 reports in 2024 (enterprise 90); 2023 is derived from 任城区 and 兖州区 (enterprise 70).</item>
/// <item>A revised 兰州市 2024 file with a negative amount, which is rejected, and a featured-activity form 科技列车兰州行.</item>
/// </list>
/// </summary>
public sealed class PageWarehouse : IAsyncLifetime
{
    public const string LanzhouFile2024 = "兰州市2024年科技活动周统计表.xlsx";
    public const string RejectedFile = "兰州市统计表（修改版）.xlsx";
    public static readonly DateTimeOffset LanzhouReceived2024 = new(2024, 6, 5, 2, 30, 0, TimeSpan.Zero);

    private static readonly string forms = Path.Combine(Repository.Root, "tests", "ScienceWeek.Dashboard.Tests", "Pages", "TestData", "forms");
    private string? dataFolder;

    /// <summary>The office-made fixture forms.</summary>
    public static string FormsFolder => forms;

    public TestDatabase Database { get; private set; } = null!;
    public WebApplicationFactory<Program> Factory { get; private set; } = null!;

    /// <summary>A nation-wide viewer, the account the page, API and download tests read as.</summary>
    public TestAccount Viewer { get; private set; } = null!;

    /// <summary>A client signed in as <see cref="Viewer"/> (its API token).</summary>
    public HttpClient CreateSignedInClient() => Factory.CreateClient(Viewer);

    /// <summary>What the importer said of each file, by file name.</summary>
    public Dictionary<string, ImportResult> Imports { get; } = new(StringComparer.Ordinal);

    public async Task InitializeAsync()
    {
        Database = await TestCluster.CreateDatabaseAsync();
        dataFolder = Path.Combine(Path.GetTempPath(), "scienceweek-pages-" + Guid.NewGuid().ToString("N")[..12]);
        var clock = new SettableClock();
        var importer = new Importer(Database.DataSource, new ImportFolders(dataFolder),
            new FormReader(UnitDirectory.Load(UnitDirectory.DefaultFolder)).Read, clock);
        // Received in the order an office would send them: 2023 forms in June 2023, 2024 forms in June 2024.
        foreach (var file in Directory.GetFiles(forms, "*.xlsx").Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(file);
            clock.Now = name switch
            {
                LanzhouFile2024 => LanzhouReceived2024,
                "兰州市2024年特色活动推荐表.xlsx" => LanzhouReceived2024,
                RejectedFile => LanzhouReceived2024.AddDays(1),
                _ when name.Contains("2023年", StringComparison.Ordinal) => new DateTimeOffset(2023, 6, 10, 1, 0, 0, TimeSpan.Zero),
                _ => new DateTimeOffset(2024, 6, 10, 1, 0, 0, TimeSpan.Zero),
            };
            Imports[name] = await importer.ImportAsync(file, new ReadContext(), ImportChannel.Command, CancellationToken.None);
        }
        await Database.ExecuteAsync("select refresh_marts()");
        Factory = new WebApplicationFactory<Program>()
            .WithWebHostBuilder(b => b.UseEnvironment("Development").UseSetting("ConnectionStrings:Warehouse", Database.ConnectionString)
                .UseSetting("SCIENCEWEEK_DATA", dataFolder));
        Viewer = await TestAccounts.AddAsync(Factory, "nation-viewer", AccountRole.Viewer, "000000");
    }

    public async Task DisposeAsync()
    {
        await Factory.DisposeAsync();
        await Database.DisposeAsync();
        if (dataFolder is not null && Directory.Exists(dataFolder))
        {
            Directory.Delete(dataFolder, recursive: true);
        }
    }

    private sealed class SettableClock : TimeProvider
    {
        public DateTimeOffset Now { get; set; }

        public override DateTimeOffset GetUtcNow() => Now;
    }

}

[CollectionDefinition(Name)]
public sealed class PageWarehouseGroup : ICollectionFixture<PageWarehouse>
{
    public const string Name = "Dashboard pages on known submissions";
}

/// <summary>The importer loaded every fixture as the page tests expect: a wrong fixture fails here, not as a missing number.</summary>
[Collection(PageWarehouseGroup.Name)]
public sealed class PageWarehouseTests(PageWarehouse warehouse)
{
    [Fact]
    public void Every_fixture_form_loads_and_the_revised_one_with_a_negative_amount_is_rejected()
    {
        var outcomes = warehouse.Imports.ToDictionary(i => i.Key, i => i.Value.Load);

        Assert.Equal(15, outcomes.Count);
        Assert.All(outcomes.Where(o => o.Key != PageWarehouse.RejectedFile), o => Assert.Equal(LoadOutcome.Loaded, o.Value));
        Assert.NotEqual(LoadOutcome.Loaded, outcomes[PageWarehouse.RejectedFile]);
    }
}
