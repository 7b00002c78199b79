using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace ScienceWeek.Etl.Tests.Loading;

/// <summary>
/// Runs the built program's <c>bench</c> on a few forms as a separate process: not to time anything (docs/benchmarks.md
/// does that on 3,000), but so that the command the figures come from keeps working and keeps saying what it measured.
/// </summary>
public partial class BenchCommandTests
{
    private const int Forms = 24;

    [GeneratedRegex(@"^import/floor: (\d+\.\d\d)× \(import (\d+\.\d\d) s, floor (\d+\.\d\d) s\)$")]
    private static partial Regex LastLine();

    [Fact]
    public async Task The_bench_imports_every_form_into_a_running_warehouse_and_ends_with_the_import_against_its_floor()
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = System.Text.Encoding.UTF8,
            WorkingDirectory = ScienceWeek.Testing.Repository.Root,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "ScienceWeek.Etl.dll"));
        foreach (var argument in new[] { "bench", "--forms", Forms.ToString(CultureInfo.InvariantCulture), "--template", LoadingFiles.Fixture("chengguan-2024-v1.xlsx") })
        {
            start.ArgumentList.Add(argument);
        }
        start.Environment.Remove("ConnectionStrings__Warehouse");
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        var lines = (await output).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.True(process.ExitCode == 0, $"bench exited with {process.ExitCode}: {await error}");
        // Both imports, into a fresh warehouse and into the running one, took in every form and exited cleanly.
        var outcomes = lines.Where(l => l.TrimStart().StartsWith("outcomes:", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, outcomes.Count);
        Assert.All(outcomes, l => Assert.Equal($"outcomes: loaded {Forms}; exit code 0", l.Trim()));
        Assert.Contains(lines, l => l.StartsWith($"(d) floor = (a) parallel ", StringComparison.Ordinal) && l.Contains($"the same {Forms} submissions and {Forms * 19} fact rows", StringComparison.Ordinal));

        var last = LastLine().Match(lines[^1]);
        Assert.True(last.Success, $"last line: {lines[^1]}");
        var ratio = double.Parse(last.Groups[1].Value, CultureInfo.InvariantCulture);
        var import = double.Parse(last.Groups[2].Value, CultureInfo.InvariantCulture);
        var floor = double.Parse(last.Groups[3].Value, CultureInfo.InvariantCulture);
        Assert.True(floor > 0 && import > 0);
        // The ratio is of the unrounded times; the two printed to the hundredth give it to within their rounding.
        Assert.InRange(ratio, (import - 0.005) / (floor + 0.005) - 0.005, (import + 0.005) / (floor - 0.005) + 0.005);
        // (c) is the import the ratio is of.
        Assert.Contains(lines, l => l.StartsWith($"(c) import into the running, migrated warehouse (process start; import; refresh_marts): {last.Groups[2].Value} s wall", StringComparison.Ordinal));
    }
}
