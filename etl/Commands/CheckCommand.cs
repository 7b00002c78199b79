using System.CommandLine;
using ScienceWeek.Etl.Forms;

namespace ScienceWeek.Etl.Commands;

/// <summary><c>check FILE... [--year Y] [--parent CODE]</c>: reads and checks forms without touching the warehouse.</summary>
public static class CheckCommand
{
    public static Command Create()
    {
        var files = new Argument<string[]>("files") { Description = "The form files to check (.xlsx, .xls, .csv).", Arity = ArgumentArity.OneOrMore };
        var year = new Option<int?>("--year") { Description = "The year when neither the title nor the file name gives one." };
        var parent = new Option<string?>("--parent") { Description = "The parent region code that narrows a name found in several places (城关区)." };
        var command = new Command("check", "Reads and checks forms without touching the warehouse; prints one JSON line per file.")
        {
            files, year, parent,
        };
        command.SetAction((parse, ct) =>
        {
            var context = new ReadContext(parse.GetValue(year), parse.GetValue(parent));
            var paths = parse.GetValue(files) ?? [];
            return Task.FromResult(Run(paths, context, Console.Out, Console.Error, ct));
        });
        return command;
    }

    public static int Run(IReadOnlyList<string> paths, ReadContext context, TextWriter output, TextWriter error, CancellationToken ct)
    {
        if (paths.Count == 0)
        {
            error.WriteLine("check: give at least one file.");
            return 2;
        }
        if (context.ParentCode is { } parentCode && !IsRegionCode(parentCode))
        {
            error.WriteLine($"check: --parent must be a region code such as 620100, not '{parentCode}'.");
            return 2;
        }
        var reader = FormReader.Create();
        var anyRejected = false;
        foreach (var path in paths)
        {
            var result = reader.Read(path, context, ct) with { File = path };
            anyRejected |= result.IsRejected;
            output.WriteLine(FormReadJson.ToLine(result));
        }
        output.Flush();
        return anyRejected ? 1 : 0;
    }

    private static bool IsRegionCode(string code) => code.Length >= 6 && code[..6].All(char.IsAsciiDigit);
}
