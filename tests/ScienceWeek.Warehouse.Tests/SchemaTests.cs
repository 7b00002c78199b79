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
    [InlineData("dim_submission")]
    public async Task Every_dimension_exists_with_a_comment(string table)
    {
        var comment = await db.ScalarAsync<object>("select obj_description($1::regclass, 'pg_class')", table);
        Assert.IsType<string>(comment);
    }

    [Theory]
    [InlineData("fact_statistics_value", "one row per statistics form")]
    [InlineData("fact_featured_activity", "one row per recommended featured activity")]
    public async Task Every_fact_states_its_grain(string table, string grainWords)
    {
        var comment = await db.ScalarAsync<string>("select obj_description($1::regclass, 'pg_class')", table);
        Assert.StartsWith("grain: ", comment);
        Assert.Contains(grainWords, comment);
    }

    [Theory]
    [InlineData("fact_statistics_value")]
    [InlineData("fact_featured_activity")]
    public async Task Every_fact_row_points_to_its_submission_and_source_cell(string table)
    {
        var foreignKeyToSubmission = await db.ScalarAsync<long>("""
            select count(*) from pg_constraint
            where conrelid = $1::regclass and contype = 'f' and confrelid = 'dim_submission'::regclass
            """, table);
        var sourceColumns = await db.ScalarAsync<long>("""
            select count(*) from information_schema.columns
            where table_name = $1 and column_name in ('source_sheet', 'source_cell') and is_nullable = 'NO'
            """, table);
        Assert.Equal(1, foreignKeyToSubmission);
        Assert.Equal(2, sourceColumns);
    }

    [Fact]
    public async Task Funding_amounts_are_exact_decimals()
    {
        var type = await db.ScalarAsync<string>("""
            select data_type from information_schema.columns where table_name = 'fact_statistics_value' and column_name = 'value'
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
            insert into fact_statistics_value select submission_key, 'funding_central', reporting_unit_key, year, -5, 'Sheet1', 'C4' from s
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
        Assert.Equal(4L, await db.ScalarAsync<long>("select count(*) from dim_measure where funding_group = 'fiscal'"));
        Assert.Equal(3L, await db.ScalarAsync<long>("select count(*) from dim_measure where funding_group = 'nonfiscal'"));
    }

    [Fact]
    public async Task The_marts_file_is_applied_again_when_its_content_changes_and_only_then()
    {
        var checksum = Migrations.CurrentSqlFile.Checksum(EmbeddedSql.Read("marts.sql"));
        Assert.Equal(checksum, await db.ScalarAsync<string>("select sha256 from applied_sql_file where file_name = 'marts.sql'"));
        var appliedAt = await db.ScalarAsync<DateTime>("select applied_at from applied_sql_file where file_name = 'marts.sql'");

        await db.Warehouse.MigrateAsync(CancellationToken.None);
        Assert.Equal(appliedAt, await db.ScalarAsync<DateTime>("select applied_at from applied_sql_file where file_name = 'marts.sql'"));

        // As if the file had changed since it was applied: a stray mart row shows whether the file ran again and rebuilt.
        await db.ExecuteAsync("update applied_sql_file set sha256 = repeat('0', 64) where file_name = 'marts.sql'");
        await db.ExecuteAsync("""
            insert into mart_region_value (region_key, year, measure_code, value, basis, contributing_forms, reporting_children, expected_children)
            select region_key, 2024, 'activities', 1, 'reported', 1, 0, 0 from dim_region where region_code = '000000'
            """);
        await db.Warehouse.MigrateAsync(CancellationToken.None);

        Assert.Equal(checksum, await db.ScalarAsync<string>("select sha256 from applied_sql_file where file_name = 'marts.sql'"));
        Assert.Equal(0L, await db.ScalarAsync<long>("select count(*) from mart_region_value"));
    }

    [Fact]
    public async Task The_current_statistics_form_filter_is_written_once_as_a_view()
    {
        var marts = EmbeddedSql.Read("marts.sql");
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(marts, "form_kind = 'statistics'"));
        Assert.Equal(1L, await db.ScalarAsync<long>("select count(*) from pg_views where viewname = 'current_statistics_form'"));
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
