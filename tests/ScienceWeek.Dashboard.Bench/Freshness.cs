using System.Diagnostics;
using System.Net.Http.Json;
using Npgsql;
using ScienceWeek.Dashboard.Api;
using ScienceWeek.Etl.Forms;
using ScienceWeek.Etl.Submissions;
using ScienceWeek.Testing;

namespace ScienceWeek.Dashboard.Bench;

/// <summary>
/// Freshness at national scale: county forms loaded one at a time through the ETL's own importer into the loaded national
/// warehouse, each followed by the refresh every load path runs (<see cref="ImportServices.RefreshLoadedAsync"/>), while
/// the running dashboard's /api/v1/values is polled until it answers the new number. Measured per load: from the load's
/// commit (the importer returns after it) to the value in the API; the forms are spread over the country's counties.
/// </summary>
internal static class Freshness
{
    public sealed record Result(Stats Visible, Stats Refresh, Stats Load, IReadOnlyList<double> FullRebuildSeconds, int Loads);

    public static async Task<Result> MeasureAsync(NpgsqlDataSource dataSource, HttpClient http, int loads, int year, CancellationToken cancellationToken)
    {
        var folder = Path.Combine(Path.GetTempPath(), $"scienceweek-freshness-{Environment.ProcessId}");
        try
        {
            var template = Path.Combine(Repository.Root, "tests", "ScienceWeek.Etl.Tests", "TestData", "loading", "chengguan-2024-v1.xlsx");
            var counties = await CountAsync(dataSource, cancellationToken);
            var files = new List<string>();
            for (var i = 0; i < loads; i++)
            {
                // Counties in code order, one every counties / loads, so every province gets some of the loads.
                files.AddRange(ImportSamples.WriteCountyForms(template, Path.Combine(folder, "forms", i.ToString(System.Globalization.CultureInfo.InvariantCulture)), 1, year, seed: 1400 + i, firstCounty: i * counties / loads));
            }
            var importer = new Importer(dataSource, new ImportFolders(folder), ImportServices.CreateReader());
            var visible = new List<double>();
            var refresh = new List<double>();
            var load = new List<double>();
            foreach (var file in files)
            {
                var started = Stopwatch.GetTimestamp();
                var result = await importer.ImportAsync(file, new ReadContext(year), ImportChannel.Command, cancellationToken);
                var committed = Stopwatch.GetTimestamp();
                if (result.Load is not (LoadOutcome.Loaded or LoadOutcome.Superseded) || result.Read.Unit is null)
                {
                    throw new InvalidOperationException($"{file} did not load: {result.Load} {string.Join("; ", result.Read.Issues.Select(i => i.Message))}");
                }
                await ImportServices.RefreshLoadedAsync(dataSource, [result], cancellationToken);
                var refreshed = Stopwatch.GetTimestamp();
                var expected = result.Read.Values[ScienceWeek.Warehouse.Model.Measures.Activities].Value;
                var url = $"/api/v1/values?measures=activities&years={year}&regions={result.Read.Unit.Code}";
                while (true)
                {
                    var answer = await http.GetFromJsonAsync<ValuesResponse>(url, cancellationToken);
                    if (answer?.Rows.SingleOrDefault()?.Value == expected)
                    {
                        break;
                    }
                    if (Stopwatch.GetElapsedTime(committed).TotalSeconds > 60)
                    {
                        throw new TimeoutException($"{url} did not show {expected} within 60 s of the commit.");
                    }
                }
                visible.Add(Stopwatch.GetElapsedTime(committed).TotalMilliseconds);
                refresh.Add(Stopwatch.GetElapsedTime(committed, refreshed).TotalMilliseconds);
                load.Add(Stopwatch.GetElapsedTime(started, committed).TotalMilliseconds);
            }
            var rebuilds = new List<double>();
            for (var i = 0; i < 3; i++)
            {
                var clock = Stopwatch.StartNew();
                await ImportServices.RefreshMartsAsync(dataSource, cancellationToken);
                rebuilds.Add(clock.Elapsed.TotalSeconds);
            }
            return new Result(Stats.Of(visible), Stats.Of(refresh), Stats.Of(load), rebuilds, files.Count);
        }
        finally
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    private static async Task<int> CountAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("select count(*)::integer from dim_region where level = 'county' and has_division_code");
        return (int)(await command.ExecuteScalarAsync(cancellationToken))!;
    }
}
