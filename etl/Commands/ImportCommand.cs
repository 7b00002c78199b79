using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using ScienceWeek.Etl.Forms;
using ScienceWeek.Etl.Submissions;
using ScienceWeek.Warehouse;
using Spectre.Console;

namespace ScienceWeek.Etl.Commands;

/// <summary>
/// <c>import PATH... [--year Y] [--parent CODE]</c>: reads, checks and loads files and folders (recursively) into the
/// warehouse. stdout carries one JSON line per file (the <c>check</c> line plus <c>submission_id</c> and <c>load</c>);
/// the progress bar and the ledger summary go to stderr. Exit 0 when no file is rejected, 1 when any is, 2 for a usage error.
/// </summary>
public static class ImportCommand
{
    public static Command Create()
    {
        var paths = new Argument<string[]>("path") { Arity = ArgumentArity.OneOrMore, Description = "Files or folders to import (folders recursively)." };
        var year = new Option<int?>("--year") { Description = "The year, for forms whose title and file name do not say it." };
        var parent = new Option<string?>("--parent") { Description = "Region code that resolves bare unit names (城关区 in 620100)." };
        var parallelism = new Option<int>("--parallelism") { Description = "Files imported at once.", DefaultValueFactory = _ => Environment.ProcessorCount };
        var command = new Command("import", "Read, check and load forms into the warehouse; one JSON line per file.") { paths, year, parent, parallelism };
        command.SetAction((parse, cancellationToken) => RunAsync(
            parse.GetValue(paths) ?? [], new ReadContext(parse.GetValue(year), parse.GetValue(parent)), parse.GetValue(parallelism), cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(string[] paths, ReadContext context, int parallelism, CancellationToken cancellationToken)
    {
        var missing = paths.Where(p => !File.Exists(p) && !Directory.Exists(p)).ToList();
        if (paths.Length == 0 || missing.Count > 0 || parallelism < 1)
        {
            foreach (var path in missing)
            {
                await Console.Error.WriteLineAsync($"No such file or folder: {path}");
            }
            return 2;
        }
        var files = Expand(paths, context);

        var builder = CommandHost.CreateBuilder();
        builder.AddWarehouse();
        builder.AddImport();
        await using var services = builder.Services.BuildServiceProvider();
        await services.StartWarehouseAsync(cancellationToken);
        var importer = services.GetRequiredService<Importer>();
        var dataSource = services.GetRequiredService<NpgsqlDataSource>();

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var results = await ImportAllAsync(importer, files, parallelism, cancellationToken);
        var loadSeconds = clock.Elapsed.TotalSeconds;
        if (results.Any(r => r.Load is LoadOutcome.Loaded or LoadOutcome.Superseded))
        {
            await ImportServices.RefreshMartsAsync(dataSource, cancellationToken);
        }
        var totalSeconds = clock.Elapsed.TotalSeconds;
        var ledger = await ImportLedger.ReadAsync(dataSource, services.GetRequiredService<Inbox>().CountPending(), cancellationToken);
        await Console.Error.WriteLineAsync(
            $"import: {files.Count} files: {Count(results, LoadOutcome.Loaded)} loaded, {Count(results, LoadOutcome.Superseded)} superseded, " +
            $"{Count(results, LoadOutcome.Duplicate)} duplicates, {Count(results, LoadOutcome.Quarantined)} quarantined, {files.Count - results.Count} failed; " +
            $"import {loadSeconds.ToString("0.00", CultureInfo.InvariantCulture)} s + refresh {(totalSeconds - loadSeconds).ToString("0.00", CultureInfo.InvariantCulture)} s; ledger: {ledger}");
        return results.Count < files.Count || results.Any(r => r.Read.IsRejected) ? 1 : 0;
    }

    private static int Count(IEnumerable<ImportResult> results, string load) => results.Count(r => r.Load == load);

    /// <summary>Imports through the pipeline, printing each file's line in the order the files were given.</summary>
    private static async Task<List<ImportResult>> ImportAllAsync(Importer importer, List<ImportWork> files, int parallelism, CancellationToken cancellationToken)
    {
        var results = new List<ImportResult>(files.Count);
        var stdout = Console.Out;
        var progressConsole = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        await progressConsole.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .StartAsync(async progress =>
            {
                var task = progress.AddTask("import", maxValue: files.Count);
                await ImportPipeline.RunAsync(importer, files, ImportChannel.Command, parallelism,
                    async (i, result, failure) =>
                    {
                        var line = result is not null ? ImportJson.Line(result) : ImportJson.Failed(files[i].Path, failure!);
                        if (result is not null)
                        {
                            results.Add(result);
                        }
                        await stdout.WriteLineAsync(line);
                        task.Increment(1);
                    }, cancellationToken);
            });
        await stdout.FlushAsync(cancellationToken);
        return results;
    }

    /// <summary>The files to import, folders read recursively; a file's folders add to the context as in the inbox.</summary>
    public static List<ImportWork> Expand(IEnumerable<string> paths, ReadContext context)
    {
        var files = new List<ImportWork>();
        foreach (var path in paths)
        {
            if (Directory.Exists(path))
            {
                files.AddRange(Directory.EnumerateFiles(path, "*", Inbox.Walk)
                    .Where(f => Inbox.IsSubmission(Path.GetFileName(f)))
                    .Order(StringComparer.Ordinal)
                    .Select(f => new ImportWork(f, FolderContext.For(path, f, context))));
            }
            else
            {
                files.Add(new ImportWork(path, context));
            }
        }
        return files;
    }
}
