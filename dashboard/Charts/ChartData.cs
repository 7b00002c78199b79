using ScienceWeek.Dashboard.Values;

namespace ScienceWeek.Dashboard.Charts;

/// <summary>One number of a chart: its value and, when it is a warehouse value, where it came from.</summary>
public sealed record ChartCell(decimal? Value, RegionValueRow? Source = null, string? Note = null)
{
    /// <summary>What a missing value reads as in a table, when it is not simply 无数据 (e.g. 无人口数据).</summary>
    public string? MissingLabel { get; init; }

    public static readonly ChartCell Missing = new(Value: null);
}

/// <summary>A series: one value per category. Series with the same stack are drawn on top of each other.</summary>
public sealed record ChartSeries(string Name, IReadOnlyList<ChartCell> Cells, string? Stack = null)
{
    /// <summary>Shown in the table only (a change, a share), not drawn.</summary>
    public bool TableOnly { get; init; }

    /// <summary>How this column's numbers read when it differs from the chart's.</summary>
    public ValueFormat? Format { get; init; }

    public string? Unit { get; init; }

    /// <summary>A fixed colour, e.g. to pair a region's offline and online series.</summary>
    public string? Color { get; init; }

    /// <summary>A change: positive numbers get a plus sign.</summary>
    public bool IsChange { get; init; }

    /// <summary>Each value's change on the year before, written into the drawn data so the tooltip shows it.</summary>
    public ChartChange? Change { get; init; }
}

/// <summary>The change of a series' values on the year before (<see cref="Label"/>: 较2023年), absolute and as a share.</summary>
public sealed record ChartChange(string Label, IReadOnlyList<ChartCell> Absolute, IReadOnlyList<ChartCell> Share);

/// <summary>How a chart's numbers read: counts with 万/亿, money in 万元, or shares.</summary>
public enum ValueFormat
{
    Count,
    Money,
    Share,
    Plain,
}

/// <summary>
/// The data of one chart, which is also the table printed under it: categories are rows, series are columns.
/// </summary>
public sealed record ChartData(
    string Title,
    string Unit,
    string CategoryHeader,
    IReadOnlyList<string> Categories,
    IReadOnlyList<ChartSeries> Series)
{
    public string Kind { get; init; } = "bar";
    public ValueFormat Format { get; init; } = ValueFormat.Count;
    public bool Horizontal { get; init; }
    /// <summary>Links for the category labels of the table (a region's page), parallel to Categories.</summary>
    public IReadOnlyList<string?>? CategoryLinks { get; init; }
    /// <summary>The query string of /download/{DownloadFile}.* that gives the values behind the chart.</summary>
    public string? DownloadQuery { get; init; }
    /// <summary>Which download: values (warehouse values, /download/values.*) or like-for-like (/download/like-for-like.*).</summary>
    public string DownloadFile { get; init; } = "values";
    public string? Note { get; init; }
    public int Height { get; init; } = 320;

    /// <summary>This chart with <paramref name="note"/> after the note it has (what a like-for-like comparison kept, say).</summary>
    public ChartData AddingNote(string? note) => note is null ? this : this with { Note = Note is null ? note : $"{Note} {note}" };

    public bool IsEmpty => Series.Where(s => !s.TableOnly).All(s => s.Cells.All(c => c.Value is null));

    /// <summary>The ECharts option: plain JSON, with named formatters the page script turns into functions.</summary>
    public object Option()
    {
        var formatter = Format switch
        {
            ValueFormat.Money => "@money",
            ValueFormat.Share => "@pct",
            _ => "@zh",
        };
        var categoryAxis = new Dictionary<string, object?>
        {
            ["type"] = "category",
            ["data"] = Categories,
            ["axisTick"] = new { alignWithLabel = true },
            ["axisLabel"] = new { interval = 0, hideOverlap = true },
        };
        if (Horizontal)
        {
            categoryAxis["inverse"] = true;
        }
        var valueAxis = new Dictionary<string, object?>
        {
            ["type"] = "value",
            ["name"] = Format == ValueFormat.Share ? "" : Unit,
            // Axis ticks carry the unit in the axis name, so they are bare numbers (万元 values scale to 亿 themselves).
            ["axisLabel"] = new { formatter = Format switch { ValueFormat.Money => "@wan", ValueFormat.Share => "@pct", _ => "@zh" } },
            ["splitLine"] = new { lineStyle = new { color = "#e6e9ef" } },
        };
        if (Format == ValueFormat.Share && Series.Any(s => s.Stack is not null))
        {
            valueAxis["max"] = 1;
        }
        var stacked = Series.Any(s => s.Stack is not null);
        var drawn = Series.Where(s => !s.TableOnly).ToList();
        return new Dictionary<string, object?>
        {
            // "@compare" lists each series with its change on the year before, where its data carries one.
            ["tooltip"] = new
            {
                trigger = "axis",
                valueFormatter = formatter,
                formatter = drawn.Any(s => s.Change is not null) ? "@compare" : null,
                axisPointer = new { type = Kind == "line" ? "line" : "shadow" },
            },
            ["legend"] = new { top = 0, type = "scroll" },
            ["grid"] = new { left = 8, right = Horizontal ? 72 : 24, top = 52, bottom = 8, containLabel = true },
            ["xAxis"] = Horizontal ? valueAxis : categoryAxis,
            ["yAxis"] = Horizontal ? categoryAxis : valueAxis,
            ["series"] = drawn.Select(s => new Dictionary<string, object?>
            {
                ["name"] = s.Name,
                ["type"] = Kind,
                ["stack"] = s.Stack,
                ["data"] = s.Change is { } change
                    ? s.Cells.Select((c, i) => (object?)new Dictionary<string, object?>
                    {
                        ["value"] = c.Value,
                        ["change"] = change.Absolute[i].Value,
                        ["changeShare"] = change.Share[i].Value,
                        ["changeLabel"] = change.Label,
                    }).ToArray()
                    : s.Cells.Select(c => (object?)c.Value).ToArray(),
                ["connectNulls"] = false,
                ["symbolSize"] = 7,
                ["barMaxWidth"] = 36,
                ["emphasis"] = new { focus = "series" },
                ["itemStyle"] = s.Color is { } color ? new { color } : null,
                ["label"] = !stacked && drawn.Count <= 2 && Categories.Count <= 12 && Kind == "bar"
                    ? new { show = true, position = Horizontal ? "right" : "top", formatter, fontSize = 11, color = "#4a5568" }
                    : null,
            }).ToArray(),
        };
    }
}
