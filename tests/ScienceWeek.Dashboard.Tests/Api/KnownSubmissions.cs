using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Mvc.Testing;
using ScienceWeek.Accounts;
using ScienceWeek.Dashboard.Tests.Accounts;
using ScienceWeek.Testing;

namespace ScienceWeek.Dashboard.Tests.Api;

/// <summary>
/// A warehouse with a handful of known statistics forms, and the dashboard serving it:
/// <list type="bullet">
/// <item>2024: 兰州市 (620100) reports its own form (funding 500 + 94.5 = 594.5 万元, participants 10000 + 5000);
/// 城关区 620102 and 七里河区 620103 report too; 太原市 140100 reports; 济宁市 370800 has only 任城区 370811 (derived).</item>
/// <item>2023: 兰州市 has no form of its own, so its value is derived from 城关区 and 七里河区.</item>
/// <item>2022: a county-level unit named like a formula (=HYPERLINK...) whose file name starts with @, to test escaping.</item>
/// </list>
/// </summary>
public sealed class KnownSubmissions : IAsyncLifetime
{
    public const string FormulaRegionCode = "620199";
    public const string FormulaRegionName = "=HYPERLINK(\"http://example.invalid\",\"点击\")";
    public const string FormulaFileName = "@SUM(1+1).xlsx";

    private int files;

    public TestDatabase Database { get; private set; } = null!;
    public WebApplicationFactory<Program> Factory { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Database = await TestCluster.CreateDatabaseAsync();
        await Database.ExecuteAsync("""
            insert into dim_region (region_code, region_name, short_name, level, has_division_code, parent_region_key,
                                    province_code, province_name, city_code, city_name)
            select $1, $2, $2, 'county', true, region_key, '620000', '甘肃省', '620100', '兰州市'
            from dim_region where region_code = '620100'
            """, FormulaRegionCode, FormulaRegionName);
        await Database.ExecuteAsync("""
            insert into dim_reporting_unit (unit_code, unit_name, unit_kind, region_key)
            select region_code, region_name, 'government', region_key from dim_region where region_code = $1
            """, FormulaRegionCode);

        await FormAsync("620100", 2024, central: 500m, enterprise: 94.5m, offline: 10000, online: 5000);
        await FormAsync("620102", 2024, central: 120m, enterprise: 30m, offline: 4000, online: 1000);
        await FormAsync("620103", 2024, central: 80.25m, enterprise: 0m, offline: 2500, online: 500);
        await FormAsync("140100", 2024, central: 300m, enterprise: 200m, offline: 8000, online: 2000);
        await FormAsync("370811", 2024, central: 60m, enterprise: 15.5m, offline: 3000, online: 300);
        await FormAsync("620102", 2023, central: 100m, enterprise: 20m, offline: 3500, online: 800);
        await FormAsync("620103", 2023, central: 70m, enterprise: 10.5m, offline: 2000, online: 400);
        await FormAsync(FormulaRegionCode, 2022, central: 1m, enterprise: 2m, offline: 30, online: 12, fileName: FormulaFileName);
        await Database.ExecuteAsync("select refresh_marts()");

        Factory = new WebApplicationFactory<Program>()
            .WithWebHostBuilder(b => b.UseSetting("ConnectionStrings:Warehouse", Database.ConnectionString));
        viewer = await TestAccounts.AddAsync(Factory, "nation-viewer", AccountRole.Viewer, "000000");
    }

    private TestAccount? viewer;

    /// <summary>A client signed in as a nation-wide viewer (its API token).</summary>
    public HttpClient CreateSignedInClient() => Factory.CreateClient(viewer!);

    public async Task DisposeAsync()
    {
        await Factory.DisposeAsync();
        await Database.DisposeAsync();
    }

    /// <summary>One accepted, current statistics form of a unit with two funding sources and both participation channels.</summary>
    private async Task FormAsync(string unitCode, int year, decimal central, decimal enterprise, long offline, long online, string? fileName = null)
    {
        files++;
        var sha = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes($"{unitCode}-{year}-{files}"))).ToLowerInvariant();
        var submission = await Database.ScalarAsync<long>("""
            insert into dim_submission (file_name, sha256, received_at, loaded_at, form_kind, reporting_unit_key, year, version, status, is_current)
            select $1, $2, now(), now(), 'statistics', reporting_unit_key, $3, 1, 'accepted', true
            from dim_reporting_unit where unit_code = $4
            returning submission_key
            """, fileName ?? $"{unitCode}_{year}_科技活动周统计表.xlsx", sha, year, unitCode);
        await Database.ExecuteAsync("""
            insert into fact_funding (submission_key, reporting_unit_key, year, funding_source_key, amount_wan, source_sheet, source_cell)
            select submission_key, reporting_unit_key, year, s.key, s.amount, '统计表', s.cell
            from dim_submission, (values (1, $2::numeric, 'C5'), (5, $3::numeric, 'C9')) as s (key, amount, cell)
            where submission_key = $1
            """, submission, central, enterprise);
        await Database.ExecuteAsync("""
            insert into fact_participation (submission_key, reporting_unit_key, year, participation_channel_key, person_times, source_sheet, source_cell)
            select submission_key, reporting_unit_key, year, s.key, s.people, '统计表', s.cell
            from dim_submission, (values (1, $2::bigint, 'C16'), (2, $3::bigint, 'C17')) as s (key, people, cell)
            where submission_key = $1
            """, submission, offline, online);
    }
}

[CollectionDefinition(Name)]
public sealed class KnownSubmissionsGroup : ICollectionFixture<KnownSubmissions>
{
    public const string Name = "dashboard API over known submissions";
}
