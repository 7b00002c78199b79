using ScienceWeek.Testing;

namespace ScienceWeek.Warehouse.Tests;

public sealed class ReferenceDataTests : IAsyncLifetime
{
    private TestDatabase db = null!;

    public async Task InitializeAsync() => db = await TestCluster.CreateDatabaseAsync();

    public async Task DisposeAsync() => await db.DisposeAsync();

    [Fact]
    public async Task Every_division_of_the_reference_list_is_a_region()
    {
        var coded = await db.ScalarAsync<long>("select count(*) from dim_region where has_division_code and level <> 'nation' and not is_functional_zone");
        Assert.Equal(3213L, coded);
    }

    [Fact]
    public async Task The_three_cities_have_their_counties_and_zones_attached()
    {
        var children = await db.ScalarAsync<string[]>("""
            select array_agg(c.region_code || ':' || c.short_name order by c.region_code)
            from dim_region c join dim_region p on p.region_key = c.parent_region_key
            where p.region_code = '370800'
            """);
        Assert.Equal(14, children.Length); // 11 counties + 高新区 + 太白湖新区 + 济宁经开区
        Assert.Contains("370800Z1:太白湖新区", children);
        Assert.Contains("370871:济宁高新区", children);
        Assert.Equal(9L, await db.ScalarAsync<long>("select count(*) from dim_region c join dim_region p on p.region_key = c.parent_region_key where p.region_code = '620100'"));
        Assert.Equal(11L, await db.ScalarAsync<long>("select count(*) from dim_region c join dim_region p on p.region_key = c.parent_region_key where p.region_code = '140100'"));
    }

    [Fact]
    public async Task The_deadlines_of_the_2024_notices_are_loaded_per_collecting_region_and_form()
    {
        var deadlines = await db.ScalarAsync<string[]>("""
            select array_agg(r.region_code || ':' || d.form_kind || ':' || d.due_date::text order by r.region_code, d.form_kind)
            from reporting_deadline d join dim_region r using (region_key) where d.year = 2024
            """);

        Assert.Equal(["000000:featured:2024-04-15", "000000:statistics:2024-06-30", "140100:statistics:2024-06-10",
            "370800:statistics:2024-06-11", "620100:statistics:2024-06-10"], deadlines);
    }

    [Fact]
    public async Task Loading_the_reference_data_again_keeps_a_deadline_an_admin_set_and_restores_one_changed_by_hand()
    {
        await db.ExecuteAsync("""
            update reporting_deadline set due_date = '2024-06-20', set_by = 'admin'
            where year = 2024 and form_kind = 'statistics' and region_key = (select region_key from dim_region where region_code = '620100')
            """);
        await db.ExecuteAsync("""
            update reporting_deadline set due_date = '2024-07-31'
            where year = 2024 and form_kind = 'statistics' and region_key = (select region_key from dim_region where region_code = '140100')
            """);

        await ReferenceData.ReferenceDataLoader.LoadAsync(db.DataSource, ReferenceData.ReferenceDataLoader.DefaultFolder, CancellationToken.None);

        Assert.Equal("2024-06-20", await db.ScalarAsync<string>(
            "select due_date::text from reporting_deadline d join dim_region r using (region_key) where r.region_code = '620100' and d.year = 2024"));
        Assert.Equal("2024-06-10", await db.ScalarAsync<string>(
            "select due_date::text from reporting_deadline d join dim_region r using (region_key) where r.region_code = '140100' and d.year = 2024"));
    }

    [Fact]
    public async Task Starting_again_with_the_same_reference_files_leaves_the_dimensions_alone_and_a_full_load_restores_them()
    {
        await db.ExecuteAsync("update dim_region set short_name = '改过' where region_code = '620102'");

        // What every process start runs: the migrations are all applied and the files are those last loaded.
        await db.Warehouse.MigrateAsync(CancellationToken.None);
        Assert.Equal("改过", await db.ScalarAsync<string>("select short_name from dim_region where region_code = '620102'"));

        await ReferenceData.ReferenceDataLoader.LoadAsync(db.DataSource, ReferenceData.ReferenceDataLoader.DefaultFolder, CancellationToken.None);
        Assert.Equal("城关区", await db.ScalarAsync<string>("select short_name from dim_region where region_code = '620102'"));
    }

    [Fact]
    public async Task A_warehouse_is_migrated_at_start_only_when_it_misses_a_migration_of_this_build()
    {
        await using var connection = await db.DataSource.OpenConnectionAsync();
        Assert.False(await WarehouseDatabase.HasPendingMigrationsAsync(connection, CancellationToken.None));

        await db.ExecuteAsync("""delete from "__EFMigrationsHistory" where "MigrationId" = '20261203000130_PeerBands'""");

        Assert.True(await WarehouseDatabase.HasPendingMigrationsAsync(connection, CancellationToken.None));
    }

    [Fact]
    public async Task A_county_knows_its_province_and_city()
    {
        var flat = await db.ScalarAsync<string>("""
            select province_name || '/' || city_name || '/' || region_name from dim_region where region_code = '620102'
            """);
        Assert.Equal("甘肃省/兰州市/城关区", flat);
    }

    [Fact]
    public async Task Census_population_is_attached_where_known()
    {
        Assert.Equal(4359446L, await db.ScalarAsync<long>("select population_2020 from dim_region where region_code = '620100'"));
        Assert.Equal(46L, await db.ScalarAsync<long>("select count(*) from dim_region where population_2020 is not null"));
    }

    [Fact]
    public async Task Zones_without_a_division_code_are_regions_and_reporting_units()
    {
        var zone = await db.ScalarAsync<string>("""
            select r.region_name || '|' || r.has_division_code || '|' || u.unit_kind
            from dim_region r join dim_reporting_unit u using (region_key) where r.region_code = '370800Z2'
            """);
        Assert.Equal("济宁经济技术开发区|False|government", zone, ignoreCase: true);
    }

    [Fact]
    public async Task Departments_report_as_units_attached_to_their_city()
    {
        var city = await db.ScalarAsync<string>("""
            select r.region_code from dim_reporting_unit u join dim_region r using (region_key) where u.unit_name = '兰州市气象局'
            """);
        Assert.Equal("620100", city);
    }

    [Fact]
    public async Task Years_2019_to_2025_carry_their_week_and_theme()
    {
        Assert.Equal(7L, await db.ScalarAsync<long>("select count(*) from dim_year where year between 2019 and 2025 and theme is not null"));
        Assert.Equal(new DateOnly(2024, 5, 25), await db.ScalarAsync<DateOnly>("select week_start_date from dim_year where year = 2024"));
    }
}
