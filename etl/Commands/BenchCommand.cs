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
/// process has started and migrated beforehand.
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
            ImportRun running;
            var runningFolder = Path.Combine(root, "running");
            await using (var warehouse = new WarehouseDatabase(new WarehouseOptions { DataFolder = runningFolder }, NullLogger<WarehouseDatabase>.Instance))
            {
                await warehouse.StartAsync(cancellationToken);
                running = await ImportAsync(formsFolder, runningFolder, parallelism, cancellationToken);
            }

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
                $"ratio c/a: {F(running.WallSeconds / parallelSeconds)}x against the parallel baseline, {F(running.WallSeconds / sequentialSeconds)}x against the sequential one");
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
