using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ScienceWeek.Warehouse.Embedded;

/// <summary>
/// The private PostgreSQL cluster used when no connection string is configured: created with initdb on first use
/// in the data folder, listening on loopback only, shared by every ScienceWeek process on the same folder.
/// The process that started the server stops it when it is disposed; a process that found it running leaves it.
/// </summary>
/// <remarks>
/// PostgreSQL refuses to run as root, so as root the server runs as the <c>postgres</c> system user
/// (through runuser) and its folder belongs to that user. When that user cannot enter the data folder (a clone in
/// /root, mode 700), the server's folder is kept in the postgres user's home instead, one per data folder, and
/// <c>postgres</c> in the data folder is a link to it.
/// </remarks>
public sealed class EmbeddedCluster(string dataFolder, EmbeddedClusterSettings? settings = null, ILogger? logger = null) : IAsyncDisposable
{
    public const string DatabaseName = "scienceweek";

    private readonly EmbeddedClusterSettings settings = settings ?? new EmbeddedClusterSettings();
    private readonly ILogger logger = logger ?? NullLogger.Instance;
    private bool startedHere;

    public string DataFolder { get; } = Path.GetFullPath(dataFolder);
    private string ServerLink => Path.Combine(DataFolder, "postgres");
    /// <summary>Where the server's files are: the data folder's <c>postgres</c>, or where that link points.</summary>
    public string ServerFolder => new FileInfo(ServerLink).LinkTarget is { } target ? Path.GetFullPath(target, DataFolder) : ServerLink;
    private string ClusterFolder => Path.Combine(ServerFolder, "cluster");
    private string LogFile => Path.Combine(ServerFolder, "server.log");
    private string PortFile => Path.Combine(DataFolder, "postgres.port");
    private string PasswordFile => Path.Combine(DataFolder, "postgres.password");
    private string LockFile => Path.Combine(DataFolder, "postgres.lock");

    public bool IsInitialized => File.Exists(Path.Combine(ClusterFolder, "PG_VERSION")) && File.Exists(PortFile) && File.Exists(PasswordFile);

    /// <summary>Connection string to the ScienceWeek database; valid once <see cref="StartAsync"/> returned.</summary>
    public string ConnectionString => ConnectionStringFor(DatabaseName);

    public string ConnectionStringFor(string database) =>
        $"Host=127.0.0.1;Port={File.ReadAllText(PortFile).Trim()};Username=postgres;Password={File.ReadAllText(PasswordFile).Trim()};Database={database}";

    /// <summary>Creates the cluster if needed and starts it unless another process already has.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(DataFolder);
        await using var gate = await AcquireLockAsync(cancellationToken);
        if (!IsInitialized)
        {
            await InitializeAsync(cancellationToken);
        }
        if (await IsRunningAsync(cancellationToken))
        {
            logger.LogInformation("Using the PostgreSQL server already running on {Folder}", ClusterFolder);
            return;
        }
        // A server killed hard leaves its pid file behind; pg_ctl start copes with a stale one.
        var port = File.ReadAllText(PortFile).Trim();
        var options = string.Join(' ',
            new[] { $"-p {port}", "-c listen_addresses=127.0.0.1", $"-k {Quote(ServerFolder)}" }
                .Concat(settings.ServerParameters.Select(p => $"-c {p}")));
        await RunServerToolAsync("pg_ctl", ["start", "-D", ClusterFolder, "-l", LogFile, "-w", "-t", "120", "-o", options], cancellationToken);
        startedHere = true;
        logger.LogInformation("Started PostgreSQL on 127.0.0.1:{Port} ({Folder})", port, ClusterFolder);
        await CreateDatabaseAsync(cancellationToken);
    }

    /// <summary>Stops the server if this process started it.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!startedHere)
        {
            return;
        }
        startedHere = false;
        await StopAsync(CancellationToken.None);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (await IsRunningAsync(cancellationToken))
        {
            await RunServerToolAsync("pg_ctl", ["stop", "-D", ClusterFolder, "-m", "fast", "-w", "-t", "60"], cancellationToken);
            logger.LogInformation("Stopped PostgreSQL ({Folder})", ClusterFolder);
        }
    }

    public async Task<bool> IsRunningAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists(Path.Combine(ClusterFolder, "postmaster.pid")))
        {
            return false;
        }
        var (exitCode, _) = await RunServerToolAsync("pg_ctl", ["status", "-D", ClusterFolder], cancellationToken, throwOnError: false);
        return exitCode == 0;
    }

    private async Task InitializeAsync(CancellationToken cancellationToken)
    {
        // A first start that died half-way leaves a partial cluster; nothing in it is data yet.
        RemoveServerFolder();
        if (RunsAsRoot && !await ServerUserCanEnterAsync(DataFolder, cancellationToken))
        {
            var home = Path.Combine(await ServerUserHomeAsync(cancellationToken), "scienceweek",
                Convert.ToHexString(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(DataFolder)))[..16].ToLowerInvariant());
            if (Directory.Exists(home))
            {
                Directory.Delete(home, recursive: true);
            }
            Directory.CreateDirectory(home);
            Directory.CreateSymbolicLink(ServerLink, home);
            logger.LogInformation("The postgres user cannot enter {DataFolder}; the server's files are kept in {Home}, linked from {Link}",
                DataFolder, home, ServerLink);
        }
        else
        {
            Directory.CreateDirectory(ServerLink);
        }
        var password = Convert.ToHexString(RandomNumberGenerator.GetBytes(18)).ToLowerInvariant();
        var passwordForInitdb = Path.Combine(ServerFolder, "initdb.pw");
        await File.WriteAllTextAsync(passwordForInitdb, password, cancellationToken);
        if (RunsAsRoot)
        {
            await RunAsync("chown", ["-R", $"{ServerUser}:{ServerUser}", ServerFolder], cancellationToken);
        }
        logger.LogInformation("Creating a PostgreSQL cluster in {Folder}", ClusterFolder);
        await RunServerToolAsync("initdb",
            ["-D", ClusterFolder, "-U", "postgres", "-E", "UTF8", "--locale=C.UTF-8",
             "--auth-local=trust", "--auth-host=scram-sha-256", $"--pwfile={passwordForInitdb}"],
            cancellationToken);
        File.Delete(passwordForInitdb);
        await File.WriteAllTextAsync(PasswordFile, password, cancellationToken);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(PasswordFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        await File.WriteAllTextAsync(PortFile, (settings.Port ?? FreeLoopbackPort()).ToString(CultureInfo.InvariantCulture), cancellationToken);
    }

    private async Task CreateDatabaseAsync(CancellationToken cancellationToken)
    {
        await using var connection = new Npgsql.NpgsqlConnection(ConnectionStringFor("postgres"));
        await connection.OpenAsync(cancellationToken);
        await using var exists = new Npgsql.NpgsqlCommand("select 1 from pg_database where datname = $1", connection);
        exists.Parameters.AddWithValue(DatabaseName);
        if (await exists.ExecuteScalarAsync(cancellationToken) is null)
        {
            await using var create = new Npgsql.NpgsqlCommand($"create database {DatabaseName}", connection);
            await create.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    /// <summary>Stops the server if it runs and deletes the data folder, and the server's folder where it was kept apart.</summary>
    public async Task DeleteAsync(CancellationToken cancellationToken)
    {
        if (Directory.Exists(DataFolder))
        {
            await StopAsync(cancellationToken);
            RemoveServerFolder();
            Directory.Delete(DataFolder, recursive: true);
        }
    }

    private void RemoveServerFolder()
    {
        var link = new DirectoryInfo(ServerLink);
        if (link.LinkTarget is not null)
        {
            var target = ServerFolder;
            link.Delete();
            if (Directory.Exists(target))
            {
                Directory.Delete(target, recursive: true);
            }
        }
        else if (link.Exists)
        {
            link.Delete(recursive: true);
        }
    }



    /// <summary>False too when there is no such user; <see cref="ServerUserHomeAsync"/> then says so.</summary>
    private async Task<bool> ServerUserCanEnterAsync(string folder, CancellationToken cancellationToken)
    {
        var (exitCode, _) = await RunAsync("runuser", ["-u", ServerUser, "--", "test", "-x", folder], cancellationToken, throwOnError: false);
        return exitCode == 0;
    }

    private async Task<string> ServerUserHomeAsync(CancellationToken cancellationToken)
    {
        var (exitCode, entry) = await RunAsync("getent", ["passwd", ServerUser], cancellationToken, throwOnError: false);
        var fields = entry.Trim().Split(':');
        if (exitCode != 0 || fields.Length < 6)
        {
            throw new InvalidOperationException(
                "PostgreSQL refuses to run as root and this machine has no 'postgres' user to run it: install the server with 'apt-get install postgresql', or run ScienceWeek as another user.");
        }
        return fields[5];
    }

    private const string ServerUser = "postgres";

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Serialises start-up between processes sharing the data folder (an OS file lock, released on exit).</summary>
    private async Task<FileStream> AcquireLockAsync(CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow.AddMinutes(3);
        while (true)
        {
            try
            {
                return new FileStream(LockFile, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(200, cancellationToken);
            }
        }
    }

    private static bool RunsAsRoot => !OperatingSystem.IsWindows() && Environment.UserName == "root";

    private Task<(int ExitCode, string Output)> RunServerToolAsync(string tool, IReadOnlyList<string> arguments, CancellationToken cancellationToken, bool throwOnError = true)
    {
        var executable = Path.Combine(PostgresBinaries.Folder, tool);
        return RunsAsRoot
            ? RunAsync("runuser", ["-u", ServerUser, "--", executable, .. arguments], cancellationToken, throwOnError)
            : RunAsync(executable, arguments, cancellationToken, throwOnError);
    }

    private async Task<(int ExitCode, string Output)> RunAsync(string fileName, IReadOnlyList<string> arguments, CancellationToken cancellationToken, bool throwOnError = true)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            // The server user must be able to enter the working directory.
            WorkingDirectory = Directory.Exists(ServerFolder) ? ServerFolder : "/",
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {fileName}.");
        // pg_ctl start leaves the server holding our stdout/stderr pipes, so read them without waiting for EOF.
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        var output = (await Task.WhenAny(stdout, Task.Delay(2000, cancellationToken)) == stdout ? stdout.Result : "")
                     + (await Task.WhenAny(stderr, Task.Delay(500, cancellationToken)) == stderr ? stderr.Result : "");
        if (throwOnError && process.ExitCode != 0)
        {
            var log = File.Exists(LogFile) ? string.Join('\n', File.ReadLines(LogFile).TakeLast(15)) : "";
            throw new InvalidOperationException($"{Path.GetFileName(fileName)} {string.Join(' ', arguments)} failed ({process.ExitCode}): {output}\n{log}");
        }
        return (process.ExitCode, output);
    }

    private static string Quote(string path) => path.Contains(' ', StringComparison.Ordinal) ? $"'{path}'" : path;
}

/// <summary>Settings of the embedded cluster. Tests turn durability off to run faster.</summary>
public sealed record EmbeddedClusterSettings
{
    public int? Port { get; init; }
    public IReadOnlyList<string> ServerParameters { get; init; } = [];

    public static readonly EmbeddedClusterSettings Throwaway = new()
    {
        ServerParameters = ["fsync=off", "synchronous_commit=off", "full_page_writes=off", "max_connections=200"],
    };
}

/// <summary>Finds the PostgreSQL server programs: on PATH, or where Debian's postgresql package puts them.</summary>
public static class PostgresBinaries
{
    private static readonly Lazy<string> folder = new(Locate);

    public static string Folder => folder.Value;

    public const string InstallHint = "PostgreSQL server programs (initdb, pg_ctl) were not found. Install them with: sudo apt-get install postgresql";

    private static string Locate()
    {
        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, "pg_ctl"))
            .FirstOrDefault(File.Exists);
        if (onPath is not null)
        {
            return Path.GetDirectoryName(ResolveLink(onPath))!;
        }
        const string debian = "/usr/lib/postgresql";
        var installed = Directory.Exists(debian)
            ? Directory.GetDirectories(debian)
                .Select(dir => Path.Combine(dir, "bin"))
                .Where(bin => File.Exists(Path.Combine(bin, "pg_ctl")))
                .OrderByDescending(bin => int.TryParse(Path.GetFileName(Path.GetDirectoryName(bin)), out var v) ? v : 0)
                .FirstOrDefault()
            : null;
        return installed ?? throw new InvalidOperationException(InstallHint);
    }

    private static string ResolveLink(string path) =>
        new FileInfo(path).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? path;
}
