using System.Diagnostics;
using System.Text.Json;

namespace ScienceWeek.Etl.Tests.Reading;

/// <summary>Runs the built program's <c>check</c> command as a separate process and reads its stdout lines.</summary>
public class CheckCommandTests
{
    private static (int ExitCode, List<JsonElement> Lines, string Error) Check(params string[] arguments)
    {
        var program = Path.Combine(AppContext.BaseDirectory, "ScienceWeek.Etl.dll");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = System.Text.Encoding.UTF8,
            WorkingDirectory = Fixtures.TestData,
        };
        start.ArgumentList.Add(program);
        start.ArgumentList.Add("check");
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var lines = new List<JsonElement>();
        while (process.StandardOutput.ReadLine() is { } line)
        {
            lines.Add(JsonDocument.Parse(line).RootElement.Clone());
        }
        process.WaitForExit();
        return (process.ExitCode, lines, error.Result);
    }

    [Fact]
    public void Prints_one_json_line_per_file_and_exits_with_1_when_one_is_rejected()
    {
        var (exitCode, lines, _) = Check("statistics-national.xlsx", "featured-ok.xlsx", "statistics-negative.xlsx");

        Assert.Equal(1, exitCode);
        Assert.Equal(3, lines.Count);
        var statistics = lines[0];
        Assert.Equal("statistics-national.xlsx", statistics.GetProperty("file").GetString());
        Assert.Equal("accepted", statistics.GetProperty("status").GetString());
        Assert.Equal("statistics", statistics.GetProperty("form").GetString());
        Assert.Equal("620102", statistics.GetProperty("unit").GetProperty("code").GetString());
        Assert.Equal("城关区", statistics.GetProperty("unit").GetProperty("name").GetString());
        Assert.Equal(2024, statistics.GetProperty("year").GetInt32());
        Assert.Equal(186, statistics.GetProperty("values").GetProperty("activities").GetDecimal());
        Assert.Equal(35.5m, statistics.GetProperty("values").GetProperty("funding_central").GetDecimal());
        Assert.Equal(19, statistics.GetProperty("values").EnumerateObject().Count());
        var featured = lines[1];
        Assert.Equal("featured", featured.GetProperty("form").GetString());
        Assert.Equal("620102", featured.GetProperty("activities")[0].GetProperty("county").GetString());
        var rejected = lines[2];
        Assert.Equal("rejected", rejected.GetProperty("status").GetString());
        var issue = rejected.GetProperty("issues")[0];
        Assert.Equal("error", issue.GetProperty("severity").GetString());
        Assert.Equal("value_negative", issue.GetProperty("code").GetString());
        Assert.Equal("Sheet1!C8", issue.GetProperty("cell").GetString());
    }

    [Fact]
    public void Exits_with_0_when_the_parent_resolves_an_ambiguous_unit()
    {
        var (exitCode, lines, _) = Check("statistics-ambiguous-chengguan.xlsx", "--parent", "620100");

        Assert.Equal(0, exitCode);
        Assert.Equal("620102", Assert.Single(lines).GetProperty("unit").GetProperty("code").GetString());
    }

    [Fact]
    public void Exits_with_2_on_a_usage_error()
    {
        var (exitCode, lines, error) = Check("--year", "not-a-year", "statistics-national.xlsx");

        Assert.Equal(2, exitCode);
        Assert.Empty(lines);
        Assert.NotEmpty(error);
    }
}
