using System.Diagnostics;
using System.Text.Json;
using ScienceWeek.Etl.Forms;
using ScienceWeek.Etl.Submissions;
using ScienceWeek.Testing;

namespace ScienceWeek.Etl.Tests.Loading;

/// <summary>The day a unit submitted: the day received in China by default, the day staff give for back-filled forms.</summary>
public sealed class SubmittedOnTests(LoadingDatabase database) : IClassFixture<LoadingDatabase>, IDisposable
{
    private readonly TestDatabase db = database.Db;
    private readonly string dataFolder = LoadingFiles.NewDataFolder();

    public void Dispose() => Directory.Delete(dataFolder, recursive: true);

    [Fact]
    public async Task A_form_received_at_half_past_eleven_at_night_in_China_is_submitted_that_day_not_the_UTC_day()
    {
        // 2024-06-10 15:30 UTC is 23:30 in Lanzhou on the 10th; 16:30 UTC is already the 11th there.
        var before = await ImportAtAsync("chengguan-2024-v1.xlsx", new DateTimeOffset(2024, 6, 10, 15, 30, 0, TimeSpan.Zero));
        var after = await ImportAtAsync("chengguan-2024-v2.xlsx", new DateTimeOffset(2024, 6, 10, 16, 30, 0, TimeSpan.Zero));

        Assert.Equal(new DateOnly(2024, 6, 10), await SubmittedOnAsync(before.SubmissionId!.Value));
        Assert.Equal(new DateOnly(2024, 6, 11), await SubmittedOnAsync(after.SubmissionId!.Value));
        Assert.Equal(new DateOnly(2024, 6, 11), after.SubmittedOn);
    }

    [Fact]
    public async Task The_import_command_records_the_day_given_with_submitted_on_and_prints_it()
    {
        var (exit, lines, _) = await RunImportAsync(LoadingFiles.Fixture("chengguan-bare-2023.xlsx"), "--parent", "620100", "--submitted-on", "2023-06-05");

        var line = Assert.Single(lines);
        Assert.Equal(0, exit);
        Assert.Equal("2023-06-05", line.GetProperty("submitted_on").GetString());
        Assert.Equal(new DateOnly(2023, 6, 5), await SubmittedOnAsync(line.GetProperty("submission_id").GetInt64()));
    }

    [Fact]
    public async Task The_import_command_refuses_a_submitted_on_that_is_not_a_day_with_exit_code_2()
    {
        var (exit, lines, error) = await RunImportAsync(LoadingFiles.Fixture("chengguan-bare-2023.xlsx"), "--submitted-on", "6/5/2023");

        Assert.Equal(2, exit);
        Assert.Empty(lines);
        Assert.Contains("--submitted-on", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_folder_list_of_submission_days_gives_the_day_of_each_form_it_names_and_the_others_keep_the_day_received()
    {
        var folders = new ImportFolders(dataFolder);
        var listed = LoadingFiles.CopyTo("anning-2024.xlsx", Path.Combine(folders.Inbox, "620100"));
        var unlisted = LoadingFiles.CopyTo("xigu-2024.xlsx", folders.Inbox);
        await File.WriteAllTextAsync(Path.Combine(folders.Inbox, SubmittedDates.FileName), "620100/anning-2024.xlsx\t2024-06-12\nnot a line\n");
        foreach (var file in new[] { listed, unlisted })
        {
            File.SetLastWriteTimeUtc(file, DateTime.UtcNow.AddHours(-1));
        }
        var inbox = new Inbox(folders, folders.Inbox, new Importer(db.DataSource, folders, LoadingFiles.Reader), db.DataSource, new InboxOptions { SettleSeconds = 0 });

        var run = await inbox.ProcessAsync(CancellationToken.None);

        Assert.Equal(2, run.Results.Count);
        Assert.Equal(new DateOnly(2024, 6, 12), await SubmittedOnAsync(run.Results.Single(r => r.Path.EndsWith("anning-2024.xlsx", StringComparison.Ordinal)).SubmissionId!.Value));
        Assert.Equal(ScienceWeek.Warehouse.Model.SubmittedDay.Of(DateTimeOffset.UtcNow),
            await SubmittedOnAsync(run.Results.Single(r => r.Path.EndsWith("xigu-2024.xlsx", StringComparison.Ordinal)).SubmissionId!.Value));
    }

    private async Task<ImportResult> ImportAtAsync(string fixture, DateTimeOffset at) =>
        await new Importer(db.DataSource, new ImportFolders(dataFolder), LoadingFiles.Reader, new FixedClock(at))
            .ImportAsync(LoadingFiles.Fixture(fixture), new ReadContext(), ImportChannel.Command, CancellationToken.None);

    private Task<DateOnly> SubmittedOnAsync(long submission) =>
        db.ScalarAsync<DateOnly>("select submitted_on from dim_submission where submission_key = $1", submission);

    private async Task<(int Exit, List<JsonElement> Lines, string Error)> RunImportAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, StandardOutputEncoding = System.Text.Encoding.UTF8 };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "ScienceWeek.Etl.dll"));
        start.ArgumentList.Add("import");
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        start.Environment["ConnectionStrings__Warehouse"] = db.ConnectionString;
        start.Environment["SCIENCEWEEK_DATA"] = dataFolder;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        var lines = (await output).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();
        return (process.ExitCode, lines, await error);
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
