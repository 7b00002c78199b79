using System.Globalization;
using System.Net;
using System.Text;
using ScienceWeek.Warehouse.Model;

namespace ScienceWeek.SampleData;

/// <summary>How a clerk wrote one value into the form.</summary>
public enum Written { Plain, FullWidth, Wan, Approximate, Yuan, ZeroWord, Blank, UnitWord, Negative, Percent }

/// <summary>The layout choices offices make when they copy the national 附件2 form.</summary>
/// <param name="Categories">With the category column (merged across its items), as the national form; else one label column.</param>
/// <param name="Annotated">Labels carry their unit, such as （万元） or （单位：人次）.</param>
public sealed record FormStyle(bool Categories, string Title, string UnitLine, bool HeaderRow, bool NoteRow, bool BlankRow, bool Annotated);

public sealed record Cell(string Text, int ColSpan = 1, int RowSpan = 1);

/// <summary>The 开展情况统计表 as rows of cells, and the values the ETL must read from it.</summary>
public sealed class StatisticsForm
{
    /// <summary>
    /// The official items, as offices copy them: the notice prints the three "opened" items over two lines
    /// (活动周期间开放的 / 科普场馆数量), which a copied form keeps as a space.
    /// </summary>
    private static readonly (string Measure, string? Category, string Label)[] Lines =
    [
        .. OfficialStatisticsForm.Lines.Select(l => (l.Measure, l.Category, l.Label.Replace("开放的", "开放的 ", StringComparison.Ordinal))),
    ];

    public StatisticsForm(FormStyle style, IReadOnlyDictionary<string, decimal> figures, IReadOnlyDictionary<string, Written> written, Random rng)
    {
        Style = style;
        var texts = new Dictionary<string, string>(StringComparer.Ordinal);
        var read = new Dictionary<string, decimal?>(StringComparer.Ordinal);
        foreach (var (measure, _, _) in Lines)
        {
            var how = written.GetValueOrDefault(measure, Written.Plain);
            (texts[measure], read[measure]) = Write(measure, figures[measure], how, rng);
        }
        Texts = texts;
        Values = read;
    }

    public FormStyle Style { get; }

    /// <summary>The text written into each value cell.</summary>
    public IReadOnlyDictionary<string, string> Texts { get; }

    /// <summary>What the ETL must read from each value cell (null for a blank).</summary>
    public IReadOnlyDictionary<string, decimal?> Values { get; }

    public static string Number(decimal value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    private static (string Text, decimal? Read) Write(string measure, decimal value, Written how, Random rng)
    {
        var funding = Measures.IsFunding(measure);
        switch (how)
        {
            case Written.FullWidth:
                return (ToFullWidth(Number(value)), value);
            case Written.Wan when !funding && value >= 10_000:
                var rounded = Math.Round(value / 100) * 100;
                return (Number(rounded / 10_000) + "万", rounded);
            case Written.Approximate:
                var approx = rng.Next(4) switch { 0 => "约{0}", 1 => "{0}余", 2 => "{0}多", _ => "超过{0}" };
                return (string.Format(CultureInfo.InvariantCulture, approx, Number(value)), value);
            case Written.Yuan when funding:
                return (Number(value * 10_000) + "元", value);
            case Written.ZeroWord when value == 0:
                return (rng.Next(3) switch { 0 => "无", 1 => "—", _ => "/" }, 0);
            case Written.Blank:
                return ("", null);
            case Written.UnitWord:
                var word = funding ? "万元" : measure == Measures.Activities ? "次" : measure.StartsWith("participants", StringComparison.Ordinal) ? "人次" : "个";
                return (Number(value) + word, value);
            case Written.Negative:
                return ("-" + Number(Math.Max(value, 1)), null);
            case Written.Percent:
                return (Number(Math.Round(value % 60) + 10) + "%", null);
            default:
                return (Number(value), value);
        }
    }

    public static string ToFullWidth(string text) =>
        new([.. text.Select(c => c is >= '0' and <= '9' ? (char)('０' + (c - '0')) : c == '.' ? '．' : c)]);

    private static string Annotate(string measure, string label) =>
        Measures.IsFunding(measure) ? label + "（万元）"
        : measure.StartsWith("staff", StringComparison.Ordinal) || measure.StartsWith("participants", StringComparison.Ordinal) ? label + "（单位：人次）"
        : measure == Measures.Activities ? label + "（次）"
        : label;

    /// <summary>The sheet as rows of cells; merged category cells carry their row span.</summary>
    public List<List<Cell>> Rows()
    {
        var width = Style.Categories ? 3 : 2;
        var rows = new List<List<Cell>> { new() { new Cell(Style.Title, width) }, new() { new Cell(Style.UnitLine, width) } };
        if (Style.BlankRow)
        {
            rows.Add([.. Enumerable.Repeat(new Cell(""), width)]);
        }
        if (Style.HeaderRow)
        {
            rows.Add(Style.Categories ? [new Cell("指标", 2), new Cell("数值")] : [new Cell("指标"), new Cell("数值")]);
        }
        string? open = null;
        foreach (var (measure, category, label) in Lines)
        {
            var text = Style.Annotated ? Annotate(measure, label) : label;
            var value = new Cell(Texts[measure]);
            if (!Style.Categories)
            {
                rows.Add([new Cell(text), value]);
            }
            else if (category is null)
            {
                rows.Add([new Cell(text, 2), value]);
                open = null;
            }
            else if (category != open)
            {
                rows.Add([new Cell(category, 1, OfficialStatisticsForm.ItemsOf(category)), new Cell(text), value]);
                open = category;
            }
            else
            {
                rows.Add([new Cell(text), value]);
            }
        }
        if (Style.NoteRow)
        {
            rows.Add([new Cell("填表说明：1.经费单位为万元，保留两位小数；2.人员及群众参与数量单位为人次；3.无数据填0。", width)]);
        }
        return rows;
    }

    public string Html() => Sheet.Html(Style.Title, Rows());

    public string Csv() => Sheet.Csv(Rows(), Style.Categories ? 3 : 2);
}

/// <summary>Writes rows of cells the way an office does before saving: an HTML table, or a GBK CSV.</summary>
public static class Sheet
{
    public static string Html(string title, IEnumerable<List<Cell>> rows)
    {
        var html = new StringBuilder();
        html.Append("<html><head><meta charset=\"utf-8\"><title>").Append(WebUtility.HtmlEncode(title)).Append("</title></head><body>\n<table border=\"1\">\n");
        foreach (var row in rows)
        {
            html.Append("<tr>");
            foreach (var cell in row)
            {
                html.Append("<td");
                if (cell.ColSpan > 1)
                {
                    html.Append(CultureInfo.InvariantCulture, $" colspan=\"{cell.ColSpan}\"");
                }
                if (cell.RowSpan > 1)
                {
                    html.Append(CultureInfo.InvariantCulture, $" rowspan=\"{cell.RowSpan}\"");
                }
                html.Append('>').Append(WebUtility.HtmlEncode(cell.Text)).Append("</td>");
            }
            html.Append("</tr>\n");
        }
        return html.Append("</table>\n</body></html>\n").ToString();
    }

    /// <summary>A CSV as Excel saves a sheet: no merges, a merged cell's text only in its first cell.</summary>
    public static string Csv(IEnumerable<List<Cell>> rows, int width)
    {
        var csv = new StringBuilder();
        var pendingRowSpan = 0;
        foreach (var row in rows)
        {
            var fields = new List<string>();
            if (pendingRowSpan > 0 && row.Count < width)
            {
                fields.Add("");
                pendingRowSpan--;
            }
            foreach (var cell in row)
            {
                fields.Add(cell.Text);
                fields.AddRange(Enumerable.Repeat("", cell.ColSpan - 1));
                if (cell.RowSpan > 1)
                {
                    pendingRowSpan = cell.RowSpan - 1;
                }
            }
            csv.Append(string.Join(',', fields.Select(Quote))).Append("\r\n");
        }
        return csv.ToString();
    }

    private static string Quote(string field) =>
        field.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : field;
}
