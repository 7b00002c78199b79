using ScienceWeek.Testing;

namespace ScienceWeek.Warehouse.Tests;

/// <summary>
/// The one-number rule on a small hierarchy: Gansu (620000) → Lanzhou (620100) → 城关区 (620102), 七里河区 (620103),
/// plus the department 兰州市气象局 (620100-QX) attached to Lanzhou.
/// </summary>
public sealed class RegionValueTests : IAsyncLifetime
{
    private TestDatabase db = null!;
    private int nextFile;

    public async Task InitializeAsync() => db = await TestCluster.CreateDatabaseAsync();

    public async Task DisposeAsync() => await db.DisposeAsync();

    [Fact]
    public async Task A_city_with_its_own_form_reports_that_form_not_the_sum_of_its_counties()
    {
        await FormAsync("620100", 2023, activities: 100, fundingCentral: 12.5m);
        await FormAsync("620102", 2023, activities: 30, fundingCentral: 4m);
        await FormAsync("620103", 2023, activities: 20, fundingCentral: 3m);
        await RefreshAsync();

        var lanzhou = await ValueAsync("620100", 2023, "activities");

        Assert.Equal((100m, "reported", 1), (lanzhou.Value, lanzhou.Basis, lanzhou.Forms));
        Assert.Equal(12.5m + 2m, (await ValueAsync("620100", 2023, "funding_total")).Value); // central + enterprise
    }

    [Fact]
    public async Task A_city_without_its_own_form_is_the_sum_of_its_counties_and_departments()
    {
        await FormAsync("620102", 2024, activities: 30, fundingCentral: 4m);
        await FormAsync("620103", 2024, activities: 20, fundingCentral: 3.25m);
        await FormAsync("620100-QX", 2024, activities: 5, fundingCentral: 1m);
        await RefreshAsync();

        var lanzhou = await ValueAsync("620100", 2024, "activities");
        var funding = await ValueAsync("620100", 2024, "funding_total");

        Assert.Equal((55m, "derived", 3), (lanzhou.Value, lanzhou.Basis, lanzhou.Forms));
        Assert.Equal((2, 9), (lanzhou.ReportingChildren, lanzhou.ExpectedChildren));
        Assert.Equal(4m + 3.25m + 1m + (3 * 2m), funding.Value); // central + enterprise of three forms
    }

    [Fact]
    public async Task A_province_sums_a_reported_city_once_and_ignores_what_that_city_already_covers()
    {
        await FormAsync("620100", 2022, activities: 100);
        await FormAsync("620102", 2022, activities: 30);
        await FormAsync("620100-QX", 2022, activities: 5);
        await FormAsync("620200", 2022, activities: 40);
        await FormAsync("620302", 2022, activities: 7); // a county of 金昌市, which has no form of its own
        await RefreshAsync();

        var gansu = await ValueAsync("620000", 2022, "activities");
        var nation = await ValueAsync("000000", 2022, "activities");

        Assert.Equal((147m, "derived", 3), (gansu.Value, gansu.Basis, gansu.Forms));
        Assert.Equal((3, 14), (gansu.ReportingChildren, gansu.ExpectedChildren));
        Assert.Equal(147m, nation.Value);
    }

    [Fact]
    public async Task A_reported_province_wins_over_everything_below_it()
    {
        await FormAsync("620000", 2021, activities: 900);
        await FormAsync("620100", 2021, activities: 100);
        await RefreshAsync();

        Assert.Equal((900m, "reported"), ((await ValueAsync("620000", 2021, "activities")).Value, (await ValueAsync("620000", 2021, "activities")).Basis));
        Assert.Equal(900m, (await ValueAsync("000000", 2021, "activities")).Value);
    }

    [Fact]
    public async Task Only_the_current_version_of_a_form_counts()
    {
        var first = await FormAsync("620102", 2020, activities: 30);
        await db.ExecuteAsync("update dim_submission set is_current = false where submission_key = $1", first);
        await FormAsync("620102", 2020, activities: 33, version: 2);
        await RefreshAsync();

        Assert.Equal(33m, (await ValueAsync("620100", 2020, "activities")).Value);
    }

    [Fact]
    public async Task A_reported_value_points_to_its_source_cell()
    {
        var submission = await FormAsync("620100", 2019, activities: 186);
        await RefreshAsync();

        var source = await db.ScalarAsync<string>("""
            select v.submission_key || '|' || v.source_sheet || '!' || v.source_cell
            from mart_region_value v join dim_region r using (region_key)
            where r.region_code = '620100' and v.year = 2019 and v.measure_code = 'activities'
            """);
        Assert.Equal($"{submission}|统计表!C4", source);
    }

    [Fact]
    public async Task A_blank_measure_stays_null_and_totals_skip_it()
    {
        await FormAsync("620103", 2019, activities: 12, fundingCentral: null);
        await RefreshAsync();

        var central = await db.ScalarAsync<object>("""
            select v.value from mart_region_value v join dim_region r using (region_key)
            where r.region_code = '620103' and v.year = 2019 and v.measure_code = 'funding_central'
            """);
        var enterprise = await ValueAsync("620103", 2019, "funding_enterprise");
        var total = await ValueAsync("620103", 2019, "funding_total");
        Assert.IsType<DBNull>(central);
        Assert.Equal(2m, enterprise.Value);
        Assert.Equal(2m, total.Value);
    }

    [Theory]
    [InlineData("620103")] // a county: its city, province and the nation change
    [InlineData("620100")] // a city's own form: it now covers its counties in the province's and the nation's sum
    [InlineData("620100-QX")] // a department attached to the city
    public async Task Refreshing_a_loaded_unit_in_its_year_gives_the_marts_a_full_rebuild_gives(string unitCode)
    {
        await FormAsync("620102", 2022, activities: 30);
        await FormAsync("620200", 2022, activities: 40);
        await FormAsync("620102", 2023, activities: 31);
        await RefreshAsync();
        var nationBefore = (await ValueAsync("000000", 2022, "activities")).Value;

        await FormAsync(unitCode, 2022, activities: 500);
        await db.ExecuteAsync("""
            select refresh_region_values(2022, array(
                select r.region_code from dim_reporting_unit u join dim_region r using (region_key) where u.unit_code = $1))
            """, unitCode);
        var incremental = await MartsAsync();
        await RefreshAsync();

        Assert.NotEqual(nationBefore, (await ValueAsync("000000", 2022, "activities")).Value);
        Assert.Equal(await MartsAsync(), incremental);
    }

    [Fact]
    public async Task A_refresh_of_one_year_leaves_the_other_years_as_they_were()
    {
        await FormAsync("620102", 2023, activities: 31);
        await RefreshAsync();
        await FormAsync("620103", 2023, activities: 9);

        await db.ExecuteAsync("select refresh_region_values(2024, array['620103'])");

        Assert.Equal(31m, (await ValueAsync("620100", 2023, "activities")).Value);
    }

    /// <summary>Every row of both marts, in one canonical text.</summary>
    private Task<string> MartsAsync() => db.ScalarAsync<string>("""
        select coalesce(string_agg(line, E'\n' order by line), '') from (
            select concat_ws('|', 'v', region_key, year, measure_code, value, basis, submission_key, source_sheet, source_cell,
                             contributing_forms, reporting_children, expected_children) as line
            from mart_region_value
            union all
            select concat_ws('|', 'f', region_key, year, submission_key, reporting_unit_key, basis) from mart_region_form
        ) x
        """);

    private async Task<long> FormAsync(string unitCode, int year, long activities, decimal? fundingCentral = 1m, int version = 1)
    {
        nextFile++;
        var sha = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(BitConverter.GetBytes(nextFile))).ToLowerInvariant();
        var submission = await db.ScalarAsync<long>("""
            insert into dim_submission (file_name, sha256, received_at, loaded_at, form_kind, reporting_unit_key, year, version, status, is_current)
            select $1, $2, now(), now(), 'statistics', reporting_unit_key, $3, $4, 'accepted', true
            from dim_reporting_unit where unit_code = $5
            returning submission_key
            """, $"form{nextFile}.xlsx", sha, year, version, unitCode);
        await db.ExecuteAsync("""
            insert into fact_statistics_value (submission_key, measure_code, reporting_unit_key, year, value, source_sheet, source_cell)
            select submission_key, v.measure_code, reporting_unit_key, year, v.value, '统计表', v.cell
            from dim_submission, (values
                ('activities', $2::numeric, 'C4'), ('media_outlets', 1, 'C18'), ('media_reports', 2, 'C19'),
                ('venues_opened', 0, 'C20'), ('institutions_opened', 0, 'C21'), ('universities_opened', 0, 'C22'),
                ('funding_central', $3::numeric, 'C5'), ('funding_enterprise', 2, 'C9')) as v (measure_code, value, cell)
            where submission_key = $1
            """, submission, activities, (object?)fundingCentral ?? DBNull.Value);
        return submission;
    }

    private Task RefreshAsync() => db.ExecuteAsync("select refresh_marts()");

    private async Task<(decimal? Value, string Basis, int Forms, int ReportingChildren, int ExpectedChildren)> ValueAsync(string regionCode, int year, string measure)
    {
        await using var command = db.DataSource.CreateCommand("""
            select v.value, v.basis, v.contributing_forms, v.reporting_children, v.expected_children
            from mart_region_value v join dim_region r using (region_key)
            where r.region_code = $1 and v.year = $2 and v.measure_code = $3
            """);
        command.Parameters.Add(new() { Value = regionCode });
        command.Parameters.Add(new() { Value = year });
        command.Parameters.Add(new() { Value = measure });
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync(), $"no value for {regionCode} {year} {measure}");
        return (reader.IsDBNull(0) ? null : reader.GetDecimal(0), reader.GetString(1), reader.GetInt32(2), reader.GetInt32(3), reader.GetInt32(4));
    }
}
