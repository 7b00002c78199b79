using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using ScienceWeek.Etl.Forms;

namespace ScienceWeek.Etl.Submissions;

/// <summary>A file waiting in the inbox, with what its sub-folders say: a region code folder gives the parent region, a year folder the year.</summary>
public sealed record InboxFile(string Path, string RelativePath, ReadContext Context);

/// <summary>One pass over the inbox: what was imported, how many files failed to import (left in place), how many are still waiting.</summary>
public sealed record InboxRun(IReadOnlyList<ImportResult> Results, int Failed, int Pending);

/// <summary>
/// The inbox folder: files are imported, then moved to <c>processed/&lt;date&gt;/</c>; a file is only ever moved out after
/// its transaction committed, so one that fails (or a run that is killed) leaves it in the inbox for the next pass.
/// </summary>
public sealed class Inbox(ImportFolders folders, string inboxFolder, Importer importer, NpgsqlDataSource dataSource, InboxOptions options,
    ILogger<Inbox>? logger = null, TimeProvider? clock = null)
{
    private readonly ILogger logger = logger ?? NullLogger<Inbox>.Instance;
    private readonly TimeProvider clock = clock ?? TimeProvider.System;

    public string Folder { get; } = Path.GetFullPath(inboxFolder);

    /// <summary>Every file in the inbox, oldest first; office lock files and partial copies are not submissions.</summary>
    public IReadOnlyList<InboxFile> Files()
    {
        if (!Directory.Exists(Folder))
        {
            return [];
        }
        return new DirectoryInfo(Folder)
            .EnumerateFiles("*", Walk)
            .Where(f => IsSubmission(f.Name))
            .OrderBy(f => f.LastWriteTimeUtc)
            .ThenBy(f => f.FullName, StringComparer.Ordinal)
            .Select(f => Describe(f.FullName))
            .ToList();
    }

    public int CountPending() => Files().Count;

    /// <summary>How a folder of submissions is walked, by the inbox and by <c>import</c> of a folder: recursively, hidden files skipped.</summary>
    public static EnumerationOptions Walk { get; } = new() { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = FileAttributes.Hidden };

    /// <summary>
    /// Whether a file in a folder of submissions is one: not an office lock file (~$), a partial download or copy, a hidden
    /// file, or a quarantine report (.report.txt) next to the files it describes.
    /// </summary>
    public static bool IsSubmission(string name) =>
        !name.StartsWith('.') && !name.StartsWith("~$", StringComparison.Ordinal)
        && !name.EndsWith(".part", StringComparison.OrdinalIgnoreCase) && !name.EndsWith(".tmp", StringComparison.OrdinalIgnoreCase)
        && !name.EndsWith(".crdownload", StringComparison.OrdinalIgnoreCase) && !name.EndsWith(".report.txt", StringComparison.Ordinal);

    private InboxFile Describe(string path) =>
        new(path, Path.GetRelativePath(Folder, path), FolderContext.For(Folder, path, new ReadContext()));

    /// <summary>Imports every settled file in the inbox, oldest first, and moves each out once it is recorded.</summary>
    public async Task<InboxRun> ProcessAsync(CancellationToken cancellationToken)
    {
        var settledBefore = clock.GetUtcNow().UtcDateTime - TimeSpan.FromSeconds(options.SettleSeconds);
        var files = new List<InboxFile>();
        foreach (var file in Files().Where(f => File.GetLastWriteTimeUtc(f.Path) <= settledBefore))
        {
            if (await AlreadyTakenAsync(file, cancellationToken))
            {
                // Recorded by a run that stopped before moving it: move it now, count it once.
                MoveToProcessed(file);
            }
            else
            {
                files.Add(file);
            }
        }
        var results = new List<ImportResult>();
        var failed = 0;
        await ImportPipeline.RunAsync(importer, [.. files.Select(f => new ImportWork(f.Path, f.Context))], ImportChannel.Inbox, options.Parallelism,
            (i, result, failure) =>
            {
                if (result is null)
                {
                    // The file stays in the inbox and is tried again next time; the worker goes on with the others.
                    failed++;
                    logger.LogError(failure, "Could not import {File}; it stays in the inbox", files[i].RelativePath);
                    return Task.CompletedTask;
                }
                MoveToProcessed(files[i]);
                results.Add(result);
                logger.LogInformation("{File}: {Status}, {Load}, submission {Submission}", files[i].RelativePath, result.Read.Status, result.Load, result.SubmissionId);
                return Task.CompletedTask;
            }, cancellationToken);
        return new InboxRun(results, failed, CountPending());
    }

    private async Task<bool> AlreadyTakenAsync(InboxFile file, CancellationToken cancellationToken)
    {
        var (sha256, _) = await Importer.HashAsync(file.Path, cancellationToken);
        await using var command = dataSource.CreateCommand(
            "select exists (select 1 from received_file where source_path = $1 and sha256 = $2::bpchar and channel = 'inbox' and received_at >= $3)");
        command.Parameters.Add(new NpgsqlParameter { Value = Path.GetFullPath(file.Path) });
        command.Parameters.Add(new NpgsqlParameter { Value = sha256 });
        command.Parameters.Add(new NpgsqlParameter { Value = new DateTimeOffset(File.GetLastWriteTimeUtc(file.Path), TimeSpan.Zero) });
        return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private void MoveToProcessed(InboxFile file)
    {
        var day = clock.GetLocalNow().ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var target = Path.Combine(folders.Processed, day, file.RelativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        for (var i = 1; File.Exists(target); i++)
        {
            target = Path.Combine(Path.GetDirectoryName(target)!,
                $"{Path.GetFileNameWithoutExtension(file.RelativePath)}.{i.ToString(CultureInfo.InvariantCulture)}{Path.GetExtension(file.RelativePath)}");
        }
        File.Move(file.Path, target);
    }
}
