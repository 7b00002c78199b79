using ScienceWeek.Testing;

namespace ScienceWeek.Warehouse.Tests;

/// <summary>
/// How the checks against other forms are planned (migration 140): with their arguments and without JIT compilation,
/// which kept refresh_findings of a year's 2,849 county forms at 0.4-1.0 s instead of 7-74 s once the tables had
/// statistics (measured in docs/benchmarks.md, "ETL import").
/// </summary>
public sealed class FindingsAtScaleTests : IAsyncLifetime
{
    private TestDatabase db = null!;

    public async Task InitializeAsync() => db = await TestCluster.CreateDatabaseAsync();

    public async Task DisposeAsync() => await db.DisposeAsync();

    [Fact]
    public async Task The_checks_run_without_jit_and_are_planned_with_their_arguments()
    {
        var settings = await db.ScalarAsync<string[]>("""
            select array_agg(p.proname || '(' || pg_get_function_identity_arguments(p.oid) || '): ' || coalesce(array_to_string(p.proconfig, ', '), '')
                             order by p.proname, pg_get_function_identity_arguments(p.oid))
            from pg_proc p
            where p.proname in ('finding_candidates', 'record_findings', 'refresh_findings', 'refresh_peer_bands', 'store_findings')
            """);

        Assert.Equal(
        [
            "finding_candidates(p_submissions bigint[]): ", // taken inline into its callers' statements, so no settings of its own
            "record_findings(p_submissions bigint[]): jit=off",
            "refresh_findings(): jit=off",
            "refresh_findings(p_year integer, p_unit_codes text[]): jit=off",
            "refresh_peer_bands(p_years integer[]): plan_cache_mode=force_custom_plan, jit=off",
            "store_findings(p_submissions bigint[]): plan_cache_mode=force_custom_plan, jit=off",
        ], settings);
    }
}
