using System.Reflection;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Npgsql;
using ScienceWeek.Warehouse.Embedded;
using ScienceWeek.Warehouse.ReferenceData;

namespace ScienceWeek.Warehouse;

/// <summary>Where the warehouse lives: a configured server, or the embedded cluster in the data folder.</summary>
public sealed class WarehouseOptions
{
    /// <summary>From <c>ConnectionStrings:Warehouse</c> (env <c>ConnectionStrings__Warehouse</c>); empty means embedded.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>From <c>SCIENCEWEEK_DATA</c>; defaults to <c>.data/</c> in the repository.</summary>
    public string DataFolder { get; set; } = DataFolders.Default();
}

/// <summary>
/// The warehouse as one process sees it: started (embedded cluster when needed), migrated and seeded with the
/// reference data before anything reads it. Both hosts and the ETL command line go through it.
/// </summary>
public sealed class WarehouseDatabase(WarehouseOptions options, ILogger<WarehouseDatabase> logger) : IAsyncDisposable
{
    private EmbeddedCluster? cluster;
    private NpgsqlDataSource? dataSource;

    public NpgsqlDataSource DataSource => dataSource
        ?? throw new InvalidOperationException("The warehouse has not been started: call WarehouseDatabase.StartAsync first.");

    public string ConnectionString { get; private set; } = "";

    public bool IsEmbedded => string.IsNullOrWhiteSpace(options.ConnectionString);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (dataSource is not null)
        {
            return;
        }
        if (IsEmbedded)
        {
            cluster = new EmbeddedCluster(options.DataFolder, logger: logger);
            await cluster.StartAsync(cancellationToken);
            ConnectionString = cluster.ConnectionString;
        }
        else
        {
            ConnectionString = options.ConnectionString!;
        }
        dataSource = NpgsqlDataSource.Create(WithAutoPrepare(ConnectionString));
        await MigrateAsync(cancellationToken);
    }

    /// <summary>
    /// Lets Npgsql prepare the statements a process runs again and again (the importer's per-file statements, the
    /// dashboard's value queries), so the server parses and plans them once per connection instead of every time.
    /// A connection string that says <c>Max Auto Prepare</c> itself keeps its value (0 turns preparing off, as a pooler
    /// in transaction mode without prepared-statement support needs).
    /// </summary>
    public static string WithAutoPrepare(string connectionString)
    {
        // The generic builder holds only the keys the string sets; Npgsql's own reports every key it knows.
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        if (given.ContainsKey("Max Auto Prepare") || given.ContainsKey("MaxAutoPrepare"))
        {
            return connectionString;
        }
        return new NpgsqlConnectionStringBuilder(connectionString) { MaxAutoPrepare = 32 }.ConnectionString;
    }

    public DbContextOptions<WarehouseDbContext> ContextOptions() =>
        new DbContextOptionsBuilder<WarehouseDbContext>().UseNpgsql(DataSource).Options;

    public WarehouseDbContext CreateContext() => new(ContextOptions());

    /// <summary>Applies pending migrations and the reference data; safe to run from several processes at once.</summary>
    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        await using var gate = await DataSource.OpenConnectionAsync(cancellationToken);
        await using (var lockCommand = new NpgsqlCommand("select pg_advisory_lock(20260521)", gate))
        {
            await lockCommand.ExecuteNonQueryAsync(cancellationToken);
        }
        try
        {
            if (await HasPendingMigrationsAsync(gate, cancellationToken))
            {
                await using var context = CreateContext();
                await context.Database.MigrateAsync(cancellationToken);
            }
            if (await Migrations.CurrentSqlFile.Marts.ApplyAsync(DataSource, cancellationToken))
            {
                logger.LogInformation("Marts (re)defined from {File} and rebuilt", Migrations.CurrentSqlFile.Marts.FileName);
            }
            await ReferenceDataLoader.LoadIfChangedAsync(DataSource, ReferenceDataLoader.DefaultFolder, cancellationToken);
            logger.LogInformation("Warehouse migrated and reference data loaded");
        }
        finally
        {
            await using var unlock = new NpgsqlCommand("select pg_advisory_unlock(20260521)", gate);
            await unlock.ExecuteNonQueryAsync(CancellationToken.None);
        }
    }

    /// <summary>
    /// Whether any migration of this build is not in the warehouse's history. Read directly, because building EF's model
    /// and migrator to find out costs more than a second at every process start (each import, each test host).
    /// </summary>
    public static async Task<bool> HasPendingMigrationsAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var known = typeof(WarehouseDbContext).Assembly.GetTypes()
            .Select(t => t.GetCustomAttribute<MigrationAttribute>()?.Id)
            .OfType<string>()
            .ToHashSet(StringComparer.Ordinal);
        await using var command = new NpgsqlCommand(
            "select coalesce(array_agg(\"MigrationId\"), '{}') from \"__EFMigrationsHistory\"",
            connection);
        string[] applied;
        try
        {
            applied = (string[])(await command.ExecuteScalarAsync(cancellationToken))!;
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            return true;
        }
        return !known.IsSubsetOf(applied);
    }

    public async ValueTask DisposeAsync()
    {
        if (dataSource is not null)
        {
            await dataSource.DisposeAsync();
            dataSource = null;
        }
        if (cluster is not null)
        {
            await cluster.DisposeAsync();
            cluster = null;
        }
    }
}

public static class DataFolders
{
    /// <summary><c>SCIENCEWEEK_DATA</c>, else <c>.data/</c> in the repository the program runs from, else <c>.data/</c> here.</summary>
    public static string Default()
    {
        var configured = Environment.GetEnvironmentVariable("SCIENCEWEEK_DATA");
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return Path.GetFullPath(configured);
        }
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "ScienceWeek.sln")))
                {
                    return Path.Combine(dir.FullName, ".data");
                }
            }
        }
        return Path.GetFullPath(".data");
    }
}
