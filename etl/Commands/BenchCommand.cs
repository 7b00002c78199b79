using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using ExcelDataReader;
using Microsoft.Extensions.Logging.Abstractions;
using ScienceWeek.Warehouse;
using ScienceWeek.Etl.Submissions;

namespace ScienceWeek.Etl.Commands;

/// <summary>
/// <c>bench [--forms N]</c>: the import benchmark of docs/benchmarks.md. Writes N county statistics forms into a temporary
/// folder, then in the same run measures (a) ExcelDataReader merely reading every cell of those files, sequentially and
/// with the import's parallelism, and (b) the whole <c>import</c> command on the folder, as a child process on a fresh
/// embedded cluster, under <c>/usr/bin/time -v</c> for its peak memory, and (c) the same import into a warehouse this
/// process has started and migrated beforehand, against (d) its floor: (a) with the import's parallelism, one binary COPY
/// of the same fact rows in one transaction and one refresh of the marts. The last line is <c>import/floor: X.XX×</c>.
/// </summary>
public static class BenchCommand
{
    public static Command Create()
    {
        var forms = new Option<int>("--forms") { Description = "How many county forms to generate.", DefaultValueFactory = _ => 3000 };
        var template = new Option<string>("--template")
        {
            Description = "The LibreOffice-made statistics form the forms are varied from.",
            DefaultValueFactory = _ => Path.Combine("tests", "ScienceWeek.Etl.Tests", "TestData", "loading", "chengguan-2024-v1.xlsx"),
        };
        var parallelism = new Option<int>("--parallelism") { Description = "Files read at once, for the import and the parallel baseline.", DefaultValueFactory = _ => Environment.ProcessorCount };
        var keep = new Option<bool>("--keep") { Description = "Keep the temporary folder (forms, data folder)." };
        var command = new Command("bench", "Benchmark import against ExcelDataReader merely reading the same files.") { forms, template, parallelism, keep };
        command.SetAction((parse, cancellationToken) =>
            RunAsync(parse.GetValue(forms), parse.GetValue(template)!, parse.GetValue(parallelism), parse.GetValue(keep), cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(int count, string template, int parallelism, bool keep, CancellationToken cancellationToken)
    {
        if (!File.Exists(template) || count < 1 || parallelism < 1)
        {
            await Console.Error.WriteLineAsync($"bench: template not found ({template}), or --forms/--parallelism below 1");
            return 2;
        }
        var root = Path.Combine(Path.GetTempPath(), "scienceweek-bench-" + Guid.NewGuid().ToString("N")[..8]);
        var formsFolder = Path.Combine(root, "forms");
        try
        {
            var clock = Stopwatch.StartNew();
            var files = ImportSamples.WriteCountyForms(template, formsFolder, count, year: 2024, seed: 2024);
            var generateSeconds = clock.Elapsed.TotalSeconds;
            var bytes = files.Sum(f => new FileInfo(f).Length);

            // Warm the file cache and the JIT with one whole pass, then take the median of three passes of each kind: single
            // passes moved by 2-3x on this shared virtual machine, mostly with the runtime still re-jitting in the first.
            var cells = ReadAllCells(files, parallelism, cancellationToken);
            var sequentialSeconds = MedianSeconds(() => ReadAllCells(files, 1, cancellationToken));
            var parallelSeconds = MedianSeconds(() => ReadAllCells(files, parallelism, cancellationToken));
            var baselinePeakMb = PeakMemoryMb();

            var import = await ImportAsync(formsFolder, Path.Combine(root, "data"), parallelism, cancellationToken);

            // (c) The same import into a warehouse that is already running and migrated, as the worker's imports are.
            // The floor is measured in the same warehouse just before, inside a transaction that is rolled back afterwards.
            ImportRun running;
            Floor floor;
            var runningFolder = Path.Combine(root, "running");
            await using (var warehouse = new WarehouseDatabase(new WarehouseOptions { DataFolder = runningFolder }, NullLogger<WarehouseDatabase>.Instance))
            {
                await warehouse.StartAsync(cancellationToken);
                floor = await FloorAsync(warehouse.DataSource, files, cancellationToken);
                running = await ImportAsync(formsFolder, runningFolder, parallelism, cancellationToken);
            }
            var floorSeconds = parallelSeconds + floor.CopySeconds + floor.RefreshSeconds;

            var ratioSequential = import.WallSeconds / sequentialSeconds;
            var ratioParallel = import.WallSeconds / parallelSeconds;
            var report = string.Join('\n',
                $"forms: {count} xlsx county statistics forms, {(bytes / 1024.0 / 1024.0).ToString("0.0", CultureInfo.InvariantCulture)} MB, generated in {F(generateSeconds)} s",
                $"machine: {Environment.ProcessorCount} cores, {MachineCpu()}, .NET {Environment.Version}, parallelism {parallelism}",
                $"(a) baseline, ExcelDataReader reading every cell ({cells} cells), median of 3 passes: sequential {F(sequentialSeconds)} s ({F(count / sequentialSeconds)} files/s), " +
                    $"parallel {F(parallelSeconds)} s ({F(count / parallelSeconds)} files/s); peak memory of the bench process {F(baselinePeakMb)} MB",
                $"(b) import end to end (process start, fresh embedded cluster: initdb, migrate, reference data; import; refresh_marts): {F(import.WallSeconds)} s wall, " +
                    $"{F(count / import.WallSeconds)} files/s; peak memory (max RSS of the import process) {import.PeakMb?.ToString("0", CultureInfo.InvariantCulture) ?? "n/a"} MB",
                $"    of which import phase {import.ImportPhase}",
                $"    outcomes: {string.Join(", ", import.Loads.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key} {l.Value}"))}; exit code {import.ExitCode}",
                $"ratio b/a: {F(ratioParallel)}x against the parallel baseline, {F(ratioSequential)}x against the sequential one (goal <= 1.5x)",
                $"(c) import into the running, migrated warehouse (process start; import; refresh_marts): {F(running.WallSeconds)} s wall, " +
                    $"{F(count / running.WallSeconds)} files/s; peak memory {running.PeakMb?.ToString("0", CultureInfo.InvariantCulture) ?? "n/a"} MB",
                $"    of which import phase {running.ImportPhase}",
                $"    outcomes: {string.Join(", ", running.Loads.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key} {l.Value}"))}; exit code {running.ExitCode}",
                $"ratio c/a: {F(running.WallSeconds / parallelSeconds)}x against the parallel baseline, {F(running.WallSeconds / sequentialSeconds)}x against the sequential one",
                $"(d) floor = (a) parallel {F(parallelSeconds)} s + one binary COPY of the same {floor.Submissions} submissions and {floor.FactRows} fact rows in one transaction {F(floor.CopySeconds)} s + one refresh_marts() {F(floor.RefreshSeconds)} s = {F(floorSeconds)} s",
                $"peak memory: import {running.PeakMb?.ToString("0", CultureInfo.InvariantCulture) ?? "n/a"} MB (goal < 300 MB), bench process {F(PeakMemoryMb())} MB",
                $"import/floor: {running.WallSeconds / floorSeconds:0.00}× (import {F(running.WallSeconds)} s, floor {F(floorSeconds)} s)");
            Console.WriteLine(report);
            return 0;
        }
        finally
        {
            if (keep)
            {
                await Console.Error.WriteLineAsync($"bench: kept {root}");
            }
            else if (Directory.Exists(root))
            {
                Directory.Delete(root, recursive: true);
            }
        }
    }

    private sealed record Floor(int Submissions, long FactRows, double CopySeconds, double RefreshSeconds);

    /// <summary>
    /// The database's part of the floor: the facts the import would write for these files (read beforehand with the form
    /// reader, not timed), written as one binary COPY of their submissions and one of their fact rows in a single
    /// transaction, then one refresh_marts(); rolled back and vacuumed, so the import that follows finds the warehouse as it was.
    /// </summary>
    private static async Task<Floor> FloorAsync(Npgsql.NpgsqlDataSource dataSource, IReadOnlyList<string> files, CancellationToken cancellationToken)
    {
        var read = ImportServices.CreateReader();
        var forms = files.Select(f => read(f, new Forms.ReadContext(2024), cancellationToken)).Where(f => !f.IsRejected && f.Unit is not null).ToList();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var units = new Dictionary<string, int>(StringComparer.Ordinal);
        await using (var command = new Npgsql.NpgsqlCommand("select unit_code, reporting_unit_key from dim_reporting_unit", connection))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                units[reader.GetString(0)] = reader.GetInt32(1);
            }
        }
        // One form per unit: the later versions among the files would supersede, which the floor leaves out.
        var loadable = forms.Where(f => units.ContainsKey(f.Unit!.Code)).DistinctBy(f => f.Unit!.Code).ToList();
        var clock = Stopwatch.StartNew();
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        long first;
        await using (var command = new Npgsql.NpgsqlCommand("select coalesce(max(submission_key), 0) + 1 from dim_submission", connection, transaction))
        {
            first = (long)(await command.ExecuteScalarAsync(cancellationToken))!;
        }
        long rows = 0;
        await using (var copy = await connection.BeginBinaryImportAsync("""
            copy dim_submission (submission_key, file_name, sha256, received_at, loaded_at, form_kind, reporting_unit_key, year, version, status, is_current)
            from stdin (format binary)
            """, cancellationToken))
        {
            for (var i = 0; i < loadable.Count; i++)
            {
                await copy.StartRowAsync(cancellationToken);
                await copy.WriteAsync(first + i, NpgsqlTypes.NpgsqlDbType.Bigint, cancellationToken);
                await copy.WriteAsync(loadable[i].File, NpgsqlTypes.NpgsqlDbType.Text, cancellationToken);
                await copy.WriteAsync(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(BitConverter.GetBytes(first + i))), NpgsqlTypes.NpgsqlDbType.Char, cancellationToken);
                await copy.WriteAsync(DateTime.UtcNow, NpgsqlTypes.NpgsqlDbType.TimestampTz, cancellationToken);
                await copy.WriteAsync(DateTime.UtcNow, NpgsqlTypes.NpgsqlDbType.TimestampTz, cancellationToken);
                await copy.WriteAsync("statistics", NpgsqlTypes.NpgsqlDbType.Text, cancellationToken);
                await copy.WriteAsync(units[loadable[i].Unit!.Code], NpgsqlTypes.NpgsqlDbType.Integer, cancellationToken);
                await copy.WriteAsync(2024, NpgsqlTypes.NpgsqlDbType.Integer, cancellationToken);
                await copy.WriteAsync(1, NpgsqlTypes.NpgsqlDbType.Integer, cancellationToken);
                await copy.WriteAsync("accepted", NpgsqlTypes.NpgsqlDbType.Text, cancellationToken);
                await copy.WriteAsync(true, NpgsqlTypes.NpgsqlDbType.Boolean, cancellationToken);
            }
            await copy.CompleteAsync(cancellationToken);
        }
        await using (var copy = await connection.BeginBinaryImportAsync(
            "copy fact_statistics_value (submission_key, measure_code, reporting_unit_key, year, value, source_sheet, source_cell) from stdin (format binary)", cancellationToken))
        {
            for (var i = 0; i < loadable.Count; i++)
            {
                foreach (var (measure, value) in loadable[i].Values.Where(v => ScienceWeek.Warehouse.Model.Measures.OnForm.Contains(v.Key)))
                {
                    await copy.StartRowAsync(cancellationToken);
                    await copy.WriteAsync(first + i, NpgsqlTypes.NpgsqlDbType.Bigint, cancellationToken);
                    await copy.WriteAsync(measure, NpgsqlTypes.NpgsqlDbType.Text, cancellationToken);
                    await copy.WriteAsync(units[loadable[i].Unit!.Code], NpgsqlTypes.NpgsqlDbType.Integer, cancellationToken);
                    await copy.WriteAsync(2024, NpgsqlTypes.NpgsqlDbType.Integer, cancellationToken);
                    if (value.Value is { } number)
                    {
                        await copy.WriteAsync(number, NpgsqlTypes.NpgsqlDbType.Numeric, cancellationToken);
                    }
                    else
                    {
                        await copy.WriteNullAsync(cancellationToken);
                    }
                    await copy.WriteAsync(value.Sheet, NpgsqlTypes.NpgsqlDbType.Text, cancellationToken);
                    await copy.WriteAsync(value.Cell, NpgsqlTypes.NpgsqlDbType.Text, cancellationToken);
                    rows++;
                }
            }
            await copy.CompleteAsync(cancellationToken);
        }
        var copySeconds = clock.Elapsed.TotalSeconds;
        clock.Restart();
        await using (var refresh = new Npgsql.NpgsqlCommand("select refresh_marts()", connection, transaction) { CommandTimeout = 0 })
        {
            await refresh.ExecuteNonQueryAsync(cancellationToken);
        }
        var refreshSeconds = clock.Elapsed.TotalSeconds;
        await transaction.RollbackAsync(cancellationToken);
        // The rolled-back rows stay behind as dead tuples under the very submission keys the import takes next, and every
        // insert and foreign-key check of the import would visit them (its load phase took 0.8-1.2 s longer): vacuumed, the
        // warehouse is as a running one would be.
        await using (var vacuum = new Npgsql.NpgsqlCommand("vacuum dim_submission, fact_statistics_value", connection) { CommandTimeout = 0 })
        {
            await vacuum.ExecuteNonQueryAsync(cancellationToken);
        }
        return new Floor(loadable.Count, rows, copySeconds, refreshSeconds);
    }

    private static double MedianSeconds(Action pass)
    {
        var seconds = new List<double>();
        for (var i = 0; i < 3; i++)
        {
            var clock = Stopwatch.StartNew();
            pass();
            seconds.Add(clock.Elapsed.TotalSeconds);
        }
        return seconds.Order().ElementAt(1);
    }

    private static string F(double value) => value.ToString("0.00", CultureInfo.InvariantCulture);

    /// <summary>Opens each file with ExcelDataReader and touches every cell of every sheet; nothing else.</summary>
    private static long ReadAllCells(IReadOnlyList<string> files, int parallelism, CancellationToken cancellationToken)
    {
        long cells = 0;
        Parallel.ForEach(files, new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken }, file =>
        {
            long local = 0;
            using var stream = File.OpenRead(file);
            using var reader = ExcelReaderFactory.CreateReader(stream);
            do
            {
                while (reader.Read())
                {
                    for (var i = 0; i < reader.FieldCount; i++)
                    {
                        if (reader.GetValue(i) is not null)
                        {
                            local++;
                        }
                    }
                }
            }
            while (reader.NextResult());
            Interlocked.Add(ref cells, local);
        });
        return cells;
    }

    private sealed record ImportRun(double WallSeconds, double? PeakMb, string ImportPhase, Dictionary<string, int> Loads, int ExitCode);

    private static async Task<ImportRun> ImportAsync(string formsFolder, string dataFolder, int parallelism, CancellationToken cancellationToken)
    {
        var timeTool = File.Exists("/usr/bin/time") ? "/usr/bin/time" : null;
        var start = new ProcessStartInfo(timeTool ?? "dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        if (timeTool is not null)
        {
            start.ArgumentList.Add("-v");
            start.ArgumentList.Add("dotnet");
        }
        start.ArgumentList.Add(typeof(BenchCommand).Assembly.Location);
        start.ArgumentList.Add("import");
        start.ArgumentList.Add(formsFolder);
        start.ArgumentList.Add("--parallelism");
        start.ArgumentList.Add(parallelism.ToString(CultureInfo.InvariantCulture));
        start.Environment["SCIENCEWEEK_DATA"] = dataFolder;
        start.Environment.Remove("ConnectionStrings__Warehouse");

        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        var loads = new Dictionary<string, int>(StringComparer.Ordinal);
        while (await process.StandardOutput.ReadLineAsync(cancellationToken) is { } line)
        {
            var load = JsonDocument.Parse(line).RootElement.GetProperty("load").GetString() ?? "failed";
            loads[load] = loads.GetValueOrDefault(load) + 1;
        }
        await process.WaitForExitAsync(cancellationToken);
        var wall = clock.Elapsed.TotalSeconds;
        var stderr = await error;
        double? peak = null;
        var summary = "";
        foreach (var line in stderr.Split('\n'))
        {
            var trimmed = line.Trim();
            if (trimmed.StartsWith("Maximum resident set size (kbytes):", StringComparison.Ordinal))
            {
                peak = double.Parse(trimmed[(trimmed.LastIndexOf(':') + 1)..], CultureInfo.InvariantCulture) / 1024;
            }
            else if (trimmed.StartsWith("import: ", StringComparison.Ordinal))
            {
                summary = trimmed;
            }
        }
        return new ImportRun(wall, peak, summary, loads, process.ExitCode);
    }

    /// <summary>VmHWM: the most resident memory this process has had.</summary>
    private static double PeakMemoryMb()
    {
        var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return line is null ? double.NaN : double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
    }

    private static string MachineCpu() =>
        File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown CPU"
            : "unknown CPU";
}
