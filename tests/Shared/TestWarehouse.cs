using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using ScienceWeek.Warehouse;
using ScienceWeek.Warehouse.Embedded;

namespace ScienceWeek.Testing;

/// <summary>
/// The throwaway PostgreSQL cluster of a test run: started on first use in a temporary folder from the machine's
/// PostgreSQL binaries, migrated once into a template database, stopped and deleted when the test process exits.
/// Each test class gets its own database copied from the template, so tests never see each other's rows.
/// </summary>
public static class TestCluster
{
    private const string Template = "warehouse_template";
    private static readonly SemaphoreSlim gate = new(1, 1);
    private static EmbeddedCluster? cluster;

    /// <summary>A fresh, migrated warehouse database with the reference data loaded.</summary>
    public static async Task<TestDatabase> CreateDatabaseAsync(CancellationToken cancellationToken = default)
    {
        var started = await StartAsync(cancellationToken);
        var name = "test_" + Guid.NewGuid().ToString("N")[..12];
        await using (var admin = new NpgsqlConnection(started.ConnectionStringFor("postgres")))
        {
            await admin.OpenAsync(cancellationToken);
            await using var create = new NpgsqlCommand($"create database {name} template {Template}", admin);
            await create.ExecuteNonQueryAsync(cancellationToken);
        }
        var database = new WarehouseDatabase(new WarehouseOptions { ConnectionString = started.ConnectionStringFor(name) }, NullLogger<WarehouseDatabase>.Instance);
        await database.StartAsync(cancellationToken);
        return new TestDatabase(database, started.ConnectionStringFor(name));
    }

    private static async Task<EmbeddedCluster> StartAsync(CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken);
        try
        {
            if (cluster is not null)
            {
                return cluster;
            }
            var folder = Path.Combine(Path.GetTempPath(), $"scienceweek-test-{Environment.ProcessId}-{Guid.NewGuid():N}"[..40]);
            var started = new EmbeddedCluster(folder, EmbeddedClusterSettings.Throwaway);
            AppDomain.CurrentDomain.ProcessExit += (_, _) =>
            {
                NpgsqlConnection.ClearAllPools();
                started.StopAsync(CancellationToken.None).GetAwaiter().GetResult();
                Directory.Delete(folder, recursive: true);
            };
            await started.StartAsync(cancellationToken);
            await using (var admin = new NpgsqlConnection(started.ConnectionStringFor("postgres")))
            {
                await admin.OpenAsync(cancellationToken);
                await using var create = new NpgsqlCommand($"create database {Template}", admin);
                await create.ExecuteNonQueryAsync(cancellationToken);
            }
            await using (var template = new WarehouseDatabase(new WarehouseOptions { ConnectionString = started.ConnectionStringFor(Template) }, NullLogger<WarehouseDatabase>.Instance))
            {
                await template.StartAsync(cancellationToken);
            }
            // "create database ... template" needs the template free of connections.
            NpgsqlConnection.ClearAllPools();
            cluster = started;
            return cluster;
        }
        finally
        {
            gate.Release();
        }
    }
}

/// <summary>One test class's own warehouse database.</summary>
public sealed class TestDatabase(WarehouseDatabase warehouse, string connectionString) : IAsyncDisposable
{
    public WarehouseDatabase Warehouse { get; } = warehouse;
    public string ConnectionString { get; } = connectionString;
    public NpgsqlDataSource DataSource => Warehouse.DataSource;

    public async Task<T> ScalarAsync<T>(string sql, params object[] parameters)
    {
        await using var command = DataSource.CreateCommand(sql);
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        }
        return (T)(await command.ExecuteScalarAsync())!;
    }

    public async Task ExecuteAsync(string sql, params object[] parameters)
    {
        await using var command = DataSource.CreateCommand(sql);
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        }
        await command.ExecuteNonQueryAsync();
    }

    public ValueTask DisposeAsync() => Warehouse.DisposeAsync();
}
