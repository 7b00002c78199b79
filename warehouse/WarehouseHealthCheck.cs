using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ScienceWeek.Warehouse;

public sealed class WarehouseHealthCheck(WarehouseDatabase warehouse) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var command = warehouse.DataSource.CreateCommand("select count(*) from dim_region");
            var regions = (long)(await command.ExecuteScalarAsync(cancellationToken))!;
            return regions > 0 ? HealthCheckResult.Healthy($"{regions} regions") : HealthCheckResult.Degraded("no reference data");
        }
        catch (Exception ex) when (ex is Npgsql.NpgsqlException or InvalidOperationException)
        {
            return HealthCheckResult.Unhealthy("warehouse unreachable", ex);
        }
    }
}
