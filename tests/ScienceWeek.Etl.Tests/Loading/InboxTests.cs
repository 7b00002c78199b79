using ScienceWeek.Etl.Submissions;
using ScienceWeek.Testing;

namespace ScienceWeek.Etl.Tests.Loading;

public sealed class InboxTests(LoadingDatabase database) : IClassFixture<LoadingDatabase>, IDisposable
{
    private readonly TestDatabase db = database.Db;
    private readonly string dataFolder = LoadingFiles.NewDataFolder();

    public void Dispose() => Directory.Delete(dataFolder, recursive: true);

    [Fact]
    public async Task After_an_inbox_run_every_received_file_is_loaded_quarantined_or_pending()
    {
        var folders = new ImportFolders(dataFolder);
        var settled = DateTime.UtcNow.AddHours(-1);
        var received = new[]
        {
            LoadingFiles.CopyTo("chengguan-bare-2023.xlsx", Path.Combine(folders.Inbox, "620100")),
            LoadingFiles.CopyTo("xigu-2024.xlsx", folders.Inbox),
            LoadingFiles.CopyTo("qilihe-2024-negative.xlsx", folders.Inbox),
            Path.Combine(folders.Inbox, "empty.xlsx"),
        };
        await File.WriteAllBytesAsync(received[3], []);
        foreach (var file in received)
        {
            File.SetLastWriteTimeUtc(file, settled);
        }
        // Still being copied in: too recent to take this run.
        var arriving = LoadingFiles.CopyTo("anning-2024.xlsx", folders.Inbox);
        File.SetLastWriteTimeUtc(arriving, DateTime.UtcNow);
        // An office lock file is not a submission.
        await File.WriteAllTextAsync(Path.Combine(folders.Inbox, "~$xigu-2024.xlsx"), "lock");
        var options = new InboxOptions { SettleSeconds = 600, Parallelism = 2 };
        var inbox = new Inbox(folders, folders.Inbox, new Importer(db.DataSource, folders, LoadingFiles.Reader), db.DataSource, options);

        var run = await inbox.ProcessAsync(CancellationToken.None);
        var ledger = await ImportLedger.ReadAsync(db.DataSource, inbox.CountPending(), CancellationToken.None);

        Assert.Equal(received.Length + 1, ledger.Received);
        Assert.Equal(2, ledger.Loaded);
        Assert.Equal(2, ledger.Quarantined);
        Assert.Equal(1, ledger.Pending);
        Assert.True(ledger.Balances);
        Assert.Equal(0, run.Failed);
        Assert.All(received, file => Assert.False(File.Exists(file)));
        Assert.True(File.Exists(arriving));
        var day = DateTime.Now.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(File.Exists(Path.Combine(folders.Processed, day, "620100", "chengguan-bare-2023.xlsx")));
        // The sub-folder named 620100 resolved the bare name 城关区 to Lanzhou's, not Lhasa's.
        var bare = run.Results.Single(r => r.Read.File == "chengguan-bare-2023.xlsx");
        Assert.Equal(LoadOutcome.Loaded, bare.Load);
        Assert.Equal("620102", bare.Read.Unit?.Code);
    }
}
