using Npgsql;
using ScienceWeek.Warehouse.Embedded;

namespace ScienceWeek.Warehouse.Tests;

public sealed class EmbeddedClusterTests : IDisposable
{
    // Named scienceweek-test-PID-… so that ./test.sh leaves it alone while this process runs.
    private readonly string folder = Path.Combine(Path.GetTempPath(), $"scienceweek-test-{Environment.ProcessId}-cluster-{Guid.NewGuid():N}"[..48]);

    [Fact]
    public async Task Processes_on_one_data_folder_share_one_server_and_the_one_that_started_it_stops_it()
    {
        var first = new EmbeddedCluster(folder, EmbeddedClusterSettings.Throwaway);
        var second = new EmbeddedCluster(folder, EmbeddedClusterSettings.Throwaway);
        await first.StartAsync(CancellationToken.None);
        await second.StartAsync(CancellationToken.None);

        Assert.Equal(first.ConnectionString, second.ConnectionString);
        await second.DisposeAsync();
        Assert.True(await first.IsRunningAsync(CancellationToken.None));
        await first.DisposeAsync();
        Assert.False(await first.IsRunningAsync(CancellationToken.None));
    }

    [Fact]
    public async Task A_restarted_cluster_keeps_its_data()
    {
        await using (var cluster = new EmbeddedCluster(folder, EmbeddedClusterSettings.Throwaway))
        {
            await cluster.StartAsync(CancellationToken.None);
            await ExecuteAsync(cluster, "create table kept (note text); insert into kept values ('still here')");
        }
        NpgsqlConnection.ClearAllPools();

        await using var again = new EmbeddedCluster(folder, EmbeddedClusterSettings.Throwaway);
        await again.StartAsync(CancellationToken.None);
        await using var connection = new NpgsqlConnection(again.ConnectionString);
        await connection.OpenAsync();
        await using var read = new NpgsqlCommand("select note from kept", connection);

        Assert.Equal("still here", await read.ExecuteScalarAsync());
    }

    [Fact]
    public async Task The_server_listens_on_loopback_only_and_asks_for_a_password()
    {
        await using var cluster = new EmbeddedCluster(folder, EmbeddedClusterSettings.Throwaway);
        await cluster.StartAsync(CancellationToken.None);

        var listen = await ScalarAsync(cluster, "show listen_addresses");
        var withoutPassword = cluster.ConnectionString.Replace(";Password=", ";Dummy=", StringComparison.Ordinal).Split(";Dummy=")[0] + ";Database=scienceweek";
        await using var connection = new NpgsqlConnection(withoutPassword);

        Assert.Equal("127.0.0.1", listen);
        await Assert.ThrowsAnyAsync<Exception>(() => connection.OpenAsync());
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task A_data_folder_the_postgres_user_cannot_enter_still_gets_a_running_server()
    {
        // A clone in root's home: its parent is mode 700, so the postgres system user cannot reach the data folder.
        var closed = Path.Combine(folder, "home");
        Directory.CreateDirectory(closed);
        File.SetUnixFileMode(closed, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var cluster = new EmbeddedCluster(Path.Combine(closed, "clone", ".data"), EmbeddedClusterSettings.Throwaway);
        try
        {
            await cluster.StartAsync(CancellationToken.None);
            await ExecuteAsync(cluster, "create table kept (note text); insert into kept values ('reachable')");

            Assert.Equal("reachable", await ScalarAsync(cluster, "select note from kept"));
            Assert.True(Directory.Exists(Path.Combine(cluster.ServerFolder, "cluster")));
            // As root the server runs as the postgres user, so its files must live where that user can go.
            Assert.Equal(Environment.UserName != "root", cluster.ServerFolder.StartsWith(closed, StringComparison.Ordinal));
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await cluster.DeleteAsync(CancellationToken.None);
        }
        Assert.False(Directory.Exists(cluster.ServerFolder));
    }

    private static async Task ExecuteAsync(EmbeddedCluster cluster, string sql)
    {
        await using var connection = new NpgsqlConnection(cluster.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<object?> ScalarAsync(EmbeddedCluster cluster, string sql)
    {
        await using var connection = new NpgsqlConnection(cluster.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }

    public void Dispose()
    {
        NpgsqlConnection.ClearAllPools();
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
