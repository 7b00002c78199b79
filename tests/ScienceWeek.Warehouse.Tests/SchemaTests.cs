using Microsoft.EntityFrameworkCore;
using ScienceWeek.Testing;

namespace ScienceWeek.Warehouse.Tests;

public sealed class SchemaTests : IAsyncLifetime
{
    private TestDatabase db = null!;

    public async Task InitializeAsync() => db = await TestCluster.CreateDatabaseAsync();

    public async Task DisposeAsync() => await db.DisposeAsync();

    [Theory]
    [InlineData("dim_region")]
    [InlineData("dim_reporting_unit")]
    [InlineData("dim_year")]
    [InlineData("dim_measure")]
    [InlineData("dim_funding_source")]
    [InlineData("dim_staff_type")]
    [InlineData("dim_participation_channel")]
    [InlineData("dim_submission")]
    public async Task Every_dimension_exists_with_a_comment(string table)
    {
        var comment = await db.ScalarAsync<object>("select obj_description($1::regclass, 'pg_class')", table);
        Assert.IsType<string>(comment);
    }

    [Theory]
    [InlineData("fact_funding", "funding source")]
    [InlineData("fact_staffing", "staff type")]
    [InlineData("fact_participation", "participation channel")]
    [InlineData("fact_outreach", "one row per statistics form")]
    [InlineData("fact_featured_activity", "one row per recommended featured activity")]
    public async Task Every_fact_states_its_grain(string table, string grainWords)
    {
        var comment = await db.ScalarAsync<string>("select obj_description($1::regclass, 'pg_class')", table);
        Assert.StartsWith("grain: ", comment);
        Assert.Contains(grainWords, comment);
    }

    [Theory]
    [InlineData("fact_funding")]
    [InlineData("fact_staffing")]
    [InlineData("fact_participation")]
    [InlineData("fact_outreach")]
    [InlineData("fact_featured_activity")]
    public async Task Every_fact_row_points_to_its_submission_and_source_cell(string table)
    {
        var foreignKeyToSubmission = await db.ScalarAsync<long>("""
            select count(*) from pg_constraint
            where conrelid = $1::regclass and contype = 'f' and confrelid = 'dim_submission'::regclass
            """, table);
        var sourceColumns = await db.ScalarAsync<long>("""
            select count(*) from information_schema.columns
            where table_name = $1 and column_name in ('source_sheet', 'source_cell', 'activities_cell') and is_nullable = 'NO'
            """, table);
        Assert.Equal(1, foreignKeyToSubmission);
        Assert.Equal(2, sourceColumns);
    }

    [Fact]
    public async Task Funding_amounts_are_exact_decimals()
    {
        var type = await db.ScalarAsync<string>("""
            select data_type from information_schema.columns where table_name = 'fact_funding' and column_name = 'amount_wan'
            """);
        Assert.Equal("numeric", type);
    }

    [Fact]
    public async Task The_warehouse_rejects_a_negative_amount()
    {
        var error = await Assert.ThrowsAsync<Npgsql.PostgresException>(() => db.ExecuteAsync("""
            with s as (
                insert into dim_submission (file_name, sha256, received_at, form_kind, reporting_unit_key, year, version, status, is_current)
                select 'x.xlsx', repeat('a', 64), now(), 'statistics', reporting_unit_key, 2024, 1, 'accepted', true
                from dim_reporting_unit where unit_code = '620100'
                returning submission_key, reporting_unit_key, year)
            insert into fact_funding select submission_key, reporting_unit_key, year, 1, -5, 'Sheet1', 'C4' from s
            """));
        Assert.Equal("23514", error.SqlState); // check_violation
    }

    [Fact]
    public async Task Every_measure_code_is_defined_once_with_its_chinese_name()
    {
        var codes = await db.ScalarAsync<string[]>("select array_agg(measure_code order by sort_order) from dim_measure");
        Assert.Equal(Model.Measures.All.Order(StringComparer.Ordinal), codes.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Funding_sources_split_into_four_fiscal_and_three_non_fiscal()
    {
        Assert.Equal(4L, await db.ScalarAsync<long>("select count(*) from dim_funding_source where funding_group = 'fiscal'"));
        Assert.Equal(3L, await db.ScalarAsync<long>("select count(*) from dim_funding_source where funding_group = 'nonfiscal'"));
    }

    [Fact]
    public async Task Migrations_run_again_without_changing_anything()
    {
        const string rowVersions = """
            select count(*) || ':' || sum(xmin::text::bigint) from (select xmin from dim_region union all select xmin from dim_reporting_unit) x
            """;
        var before = await db.ScalarAsync<string>(rowVersions);

        await db.Warehouse.MigrateAsync(CancellationToken.None);
        await db.Warehouse.MigrateAsync(CancellationToken.None);

        // Same rows, none rewritten: unchanged reference data does not touch the dimensions (nor refresh the marts).
        var after = await db.ScalarAsync<string>(rowVersions);
        var applied = await db.ScalarAsync<long>("select count(*) from \"__EFMigrationsHistory\"");
        Assert.Equal(before, after);
        await using var context = db.Warehouse.CreateContext();
        Assert.Equal((long)context.Database.GetMigrations().Count(), applied);
    }
}
