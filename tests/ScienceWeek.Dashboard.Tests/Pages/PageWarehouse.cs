using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using ScienceWeek.Testing;

namespace ScienceWeek.Dashboard.Tests.Pages;

/// <summary>
/// A warehouse with known statistics and featured-activity forms for the three sample cities, and the dashboard on it.
/// <list type="bullet">
/// <item>兰州市 620100 reports its own form in 2023 and 2024 (2024: funding 594.5 万元, enterprise 120.5, 600,000 participants,
/// 120 activities); its districts 城关区 620102, 七里河区 620103 and 西固区 620104 report in 2024 (participants per activity
/// 4,000 / 6,000 / 3,000).</item>
/// <item>太原市 140100 has no form of its own: derived from 小店区 and 迎泽区 (both years) and 杏花岭区 (2024 only);
/// enterprise funding 150 in 2023, 250 in 2024, like-for-like 150 → 210.</item>
/// <item>济宁市 370800 reports in 2024 (enterprise 90); 2023 is derived from 任城区 and 兖州区 (enterprise 70).</item>
/// <item>A rejected file for 兰州市 2024 with one issue, and a featured activity 科技列车兰州行.</item>
/// </list>
/// </summary>
public sealed class PageWarehouse : IAsyncLifetime
{
    public const string LanzhouFile2024 = "兰州市2024年科技活动周统计表.xlsx";
    public static readonly DateTimeOffset LanzhouReceived2024 = new(2024, 6, 5, 2, 30, 0, TimeSpan.Zero);

    private int files;

    public TestDatabase Database { get; private set; } = null!;
    public WebApplicationFactory<Program> Factory { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Database = await TestCluster.CreateDatabaseAsync();
        await LoadAsync(Database);
        Factory = new WebApplicationFactory<Program>()
            .WithWebHostBuilder(b => b.UseEnvironment("Development").UseSetting("ConnectionStrings:Warehouse", Database.ConnectionString));
    }

    public async Task DisposeAsync()
    {
        await Factory.DisposeAsync();
        await Database.DisposeAsync();
    }

    private async Task LoadAsync(TestDatabase db)
    {
        await FormAsync(db, "620100", 2023, new Form(100, [50, 100, 200, 50, 80, 10, 5], [40, 300, 500, 60], 200_000, 300_000, 20, 150, 8, 5, 3));
        var lanzhou = await FormAsync(db, "620100", 2024, new Form(120, [60, 120, 220, 60, 120.5m, 9, 5], [50, 320, 600, 80], 250_000, 350_000, 25, 180, 10, 6, 4),
            LanzhouFile2024, LanzhouReceived2024);
        await FormAsync(db, "620102", 2024, new Form(30, [0, 0, 30, 10, 20, 0, 0], [5, 30, 60, 5], 90_000, 30_000, 6, 40, 2, 1, 1));
        await FormAsync(db, "620103", 2024, new Form(10, [0, 0, 10, 10, 5, 0, 0], [3, 10, 20, 2], 50_000, 10_000, 3, 12, 1, 0, 0));
        await FormAsync(db, "620104", 2024, new Form(20, [0, 0, 15, 5, 2, 0, 0], [4, 12, 30, 4], 40_000, 20_000, 4, 20, 1, 1, 0));

        await FormAsync(db, "140105", 2023, new Form(40, [10, 40, 60, 20, 100, 5, 0], [10, 80, 200, 20], 80_000, 60_000, 10, 60, 3, 2, 1));
        await FormAsync(db, "140106", 2023, new Form(30, [5, 20, 40, 10, 50, 0, 0], [6, 50, 100, 10], 50_000, 40_000, 6, 40, 2, 1, 1));
        await FormAsync(db, "140105", 2024, new Form(45, [10, 45, 70, 20, 150, 5, 0], [12, 90, 220, 20], 90_000, 70_000, 12, 70, 3, 2, 1));
        await FormAsync(db, "140106", 2024, new Form(35, [5, 25, 45, 10, 60, 0, 0], [7, 55, 110, 10], 55_000, 45_000, 7, 45, 2, 1, 1));
        await FormAsync(db, "140107", 2024, new Form(15, [0, 10, 20, 5, 40, 0, 0], [3, 20, 40, 5], 20_000, 10_000, 3, 15, 1, 0, 0));

        await FormAsync(db, "370811", 2023, new Form(25, [5, 15, 30, 20, 30, 0, 2], [5, 40, 80, 10], 60_000, 20_000, 5, 30, 2, 1, 0));
        await FormAsync(db, "370812", 2023, new Form(20, [5, 10, 25, 15, 40, 0, 0], [4, 30, 60, 6], 40_000, 15_000, 4, 25, 1, 1, 0));
        await FormAsync(db, "370800", 2024, new Form(60, [20, 60, 100, 40, 90, 10, 5], [20, 120, 260, 30], 150_000, 90_000, 15, 110, 6, 3, 2));

        var rejected = await db.ScalarAsync<long>("""
            insert into dim_submission (file_name, sha256, received_at, form_kind, reporting_unit_key, year, status)
            select '兰州市统计表（修改版）.xlsx', $1, $2, 'statistics', reporting_unit_key, 2024, 'rejected'
            from dim_reporting_unit where unit_code = '620100'
            returning submission_key
            """, Sha(), LanzhouReceived2024.AddDays(1));
        await db.ExecuteAsync("""
            insert into submission_issue (submission_key, issue_number, severity, code, message, cell)
            values ($1, 1, 'error', 'negative_amount', '企业赞助经费为负数：-5', '统计表!C9')
            """, rejected);
        await db.ExecuteAsync("""
            insert into submission_issue (submission_key, issue_number, severity, code, message, cell)
            values ($1, 1, 'warning', 'total_mismatch', '经费合计与分项之和不一致，已按分项计算', '统计表!C12')
            """, lanzhou);

        var featured = await db.ScalarAsync<long>("""
            insert into dim_submission (file_name, sha256, received_at, loaded_at, form_kind, reporting_unit_key, year, version, status, is_current)
            select '兰州市2024年特色活动推荐表.xlsx', $1, $2, $2, 'featured', reporting_unit_key, 2024, 1, 'accepted', true
            from dim_reporting_unit where unit_code = '620100'
            returning submission_key
            """, Sha(), LanzhouReceived2024);
        await db.ExecuteAsync("""
            insert into fact_featured_activity (submission_key, row_number, reporting_unit_key, year, activity_name, description,
                held_when, place, place_region_key, recommending_unit, contact, source_sheet, source_cell)
            select s.submission_key, 1, s.reporting_unit_key, 2024, '科技列车兰州行', '院士专家进社区、进校园',
                   '5月25日至6月1日', '城关区', (select region_key from dim_region where region_code = '620102'),
                   '兰州市科技局', '张老师 0931-0000000', '推荐表', 'B4'
            from dim_submission s where s.submission_key = $1
            """, featured);

        await db.ExecuteAsync("select refresh_marts()");
    }

    /// <summary>One statistics form: funding by source (7), staff by type (4), then the other counts.</summary>
    private sealed record Form(long Activities, decimal[] Funding, long[] Staff, long Offline, long Online,
        long Outlets, long Reports, long Venues, long Institutions, long Universities);

    private async Task<long> FormAsync(TestDatabase db, string unit, int year, Form form, string? fileName = null, DateTimeOffset? received = null)
    {
        var at = received ?? new DateTimeOffset(year, 6, 10, 1, 0, 0, TimeSpan.Zero);
        var submission = await db.ScalarAsync<long>("""
            insert into dim_submission (file_name, sha256, received_at, loaded_at, form_kind, reporting_unit_key, year, version, status, is_current)
            select $1, $2, $3, $3, 'statistics', reporting_unit_key, $4, 1, 'accepted', true
            from dim_reporting_unit where unit_code = $5
            returning submission_key
            """, fileName ?? $"{unit}_{year}_统计表.xlsx", Sha(), at, year, unit);
        await db.ExecuteAsync("""
            insert into fact_funding (submission_key, reporting_unit_key, year, funding_source_key, amount_wan, source_sheet, source_cell)
            select s.submission_key, s.reporting_unit_key, s.year, x.key, x.amount, '统计表', 'C' || (4 + x.key)
            from dim_submission s, unnest($2::numeric[]) with ordinality as x (amount, key)
            where s.submission_key = $1
            """, submission, form.Funding);
        await db.ExecuteAsync("""
            insert into fact_staffing (submission_key, reporting_unit_key, year, staff_type_key, person_times, source_sheet, source_cell)
            select s.submission_key, s.reporting_unit_key, s.year, x.key, x.n, '统计表', 'C' || (11 + x.key)
            from dim_submission s, unnest($2::bigint[]) with ordinality as x (n, key)
            where s.submission_key = $1
            """, submission, form.Staff);
        await db.ExecuteAsync("""
            insert into fact_participation (submission_key, reporting_unit_key, year, participation_channel_key, person_times, source_sheet, source_cell)
            select s.submission_key, s.reporting_unit_key, s.year, x.key, x.n, '统计表', 'C' || (15 + x.key)
            from dim_submission s, unnest(array[$2, $3]::bigint[]) with ordinality as x (n, key)
            where s.submission_key = $1
            """, submission, form.Offline, form.Online);
        await db.ExecuteAsync("""
            insert into fact_outreach (submission_key, reporting_unit_key, year, source_sheet,
                activities, activities_cell, media_outlets, media_outlets_cell, media_reports, media_reports_cell,
                venues_opened, venues_opened_cell, institutions_opened, institutions_opened_cell, universities_opened, universities_opened_cell)
            select submission_key, reporting_unit_key, year, '统计表', $2, 'C4', $3, 'C18', $4, 'C19', $5, 'C20', $6, 'C21', $7, 'C22'
            from dim_submission where submission_key = $1
            """, submission, form.Activities, form.Outlets, form.Reports, form.Venues, form.Institutions, form.Universities);
        return submission;
    }

    private string Sha() =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes($"page-file-{Interlocked.Increment(ref files)}"))).ToLowerInvariant();
}

[CollectionDefinition(Name)]
public sealed class PageWarehouseGroup : ICollectionFixture<PageWarehouse>
{
    public const string Name = "Dashboard pages on known submissions";
}
