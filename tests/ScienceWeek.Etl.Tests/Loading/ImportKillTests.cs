using System.Diagnostics;
using System.Text.Json;
using ScienceWeek.Etl.Submissions;
using ScienceWeek.Testing;

namespace ScienceWeek.Etl.Tests.Loading;

/// <summary>Runs the built program's <c>import</c> as a child process against this class's database, and kills it.</summary>
public sealed class ImportKillTests(LoadingDatabase database) : IClassFixture<LoadingDatabase>, IDisposable
{
    private const int Forms = 300;
    private readonly TestDatabase db = database.Db;
    private readonly string dataFolder = LoadingFiles.NewDataFolder();

    public void Dispose() => Directory.Delete(dataFolder, recursive: true);

    private Process StartImport(string folder)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = System.Text.Encoding.UTF8,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "ScienceWeek.Etl.dll"));
        start.ArgumentList.Add("import");
        start.ArgumentList.Add(folder);
        start.Environment["ConnectionStrings__Warehouse"] = db.ConnectionString;
        start.Environment["SCIENCEWEEK_DATA"] = dataFolder;
        return Process.Start(start)!;
    }

    [Fact]
    public async Task An_import_killed_midway_leaves_no_submission_without_its_facts_and_a_rerun_completes_it()
    {
        var folder = Path.Combine(dataFolder, "forms");
        ImportSamples.WriteCountyForms(LoadingFiles.Fixture("chengguan-2024-v1.xlsx"), folder, Forms, year: 2024, seed: 11);

        using (var import = StartImport(folder))
        {
            _ = import.StandardError.ReadToEndAsync();
            for (var lines = 0; lines < 40 && await import.StandardOutput.ReadLineAsync() is not null; lines++)
            {
            }
            import.Kill(entireProcessTree: true);
            await import.WaitForExitAsync();
        }
        // The killed client's open transaction is rolled back once its server process notices the closed connection.
        await WaitForNoOpenTransactionAsync();

        var taken = await db.ScalarAsync<long>("select count(*) from dim_submission");
        Assert.InRange(taken, 40, Forms - 1);
        Assert.Equal(0L, await db.ScalarAsync<long>(
            """
            select count(*) from dim_submission s
            where s.status <> 'rejected'
              and (select count(*) from fact_statistics_value f where f.submission_key = s.submission_key) <> 19
            """));
        Assert.Equal(taken, await db.ScalarAsync<long>("select count(*) from received_file"));

        using (var rerun = StartImport(folder))
        {
            _ = rerun.StandardError.ReadToEndAsync();
            var loads = new List<string>();
            while (await rerun.StandardOutput.ReadLineAsync() is { } line)
            {
                loads.Add(JsonDocument.Parse(line).RootElement.GetProperty("load").GetString()!);
            }
            await rerun.WaitForExitAsync();
            Assert.Equal(Forms, loads.Count);
        }
        Assert.Equal((long)Forms, await db.ScalarAsync<long>("select count(distinct sha256) from dim_submission"));
        Assert.Equal(0L, await db.ScalarAsync<long>(
            "select count(*) from (select sha256 from dim_submission where status <> 'rejected' group by sha256 having count(*) > 1) twice"));
    }

    private async Task WaitForNoOpenTransactionAsync()
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var open = await db.ScalarAsync<long>(
                "select count(*) from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid() and xact_start is not null");
            if (open == 0)
            {
                return;
            }
            await Task.Delay(100);
        }
    }
}
