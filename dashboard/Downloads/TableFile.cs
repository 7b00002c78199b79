using System.Globalization;
using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace ScienceWeek.Dashboard.Downloads;

/// <summary>
/// A table written as CSV or xlsx for people who open it in Excel or WPS: a header row, numbers as numbers, and
/// text that a spreadsheet would take for a formula (starting with = + - @, tab or carriage return) prefixed
/// with an apostrophe, so a region or unit name can never run as a formula on someone's machine.
/// </summary>
public static class TableFile
{
    private static readonly UTF8Encoding Utf8WithBom = new(encoderShouldEmitUTF8Identifier: true);

    /// <summary>Prefixes an apostrophe to text a spreadsheet would read as a formula (OWASP CSV injection).</summary>
    public static string Escape(string text) =>
        text.Length > 0 && text[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + text : text;

    /// <summary>RFC 4180 CSV, CRLF line ends, UTF-8 with a byte order mark so Excel reads the Chinese right.</summary>
    public static byte[] Csv(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<object?>> rows)
    {
        var text = new StringBuilder();
        AppendCsvLine(text, header);
        foreach (var row in rows)
        {
            AppendCsvLine(text, row);
        }
        var preamble = Utf8WithBom.GetPreamble();
        var body = Utf8WithBom.GetBytes(text.ToString());
        return [.. preamble, .. body];
    }

    /// <summary>The same CSV written to a stream as the rows come, a few hundred lines at a time (long downloads).</summary>
    public static async Task WriteCsvAsync(Stream body, IReadOnlyList<string> header, IAsyncEnumerable<IReadOnlyList<object?>> rows, CancellationToken cancellationToken)
    {
        await body.WriteAsync(Utf8WithBom.GetPreamble(), cancellationToken);
        var text = new StringBuilder();
        AppendCsvLine(text, header);
        var lines = 0;
        await foreach (var row in rows.WithCancellation(cancellationToken))
        {
            AppendCsvLine(text, row);
            if (++lines % 500 == 0)
            {
                await body.WriteAsync(Utf8WithBom.GetBytes(text.ToString()), cancellationToken);
                text.Clear();
            }
        }
        await body.WriteAsync(Utf8WithBom.GetBytes(text.ToString()), cancellationToken);
    }

    private static void AppendCsvLine<T>(StringBuilder text, IReadOnlyList<T> cells)
    {
        for (var i = 0; i < cells.Count; i++)
        {
            if (i > 0)
            {
                text.Append(',');
            }
            var cell = cells[i] switch
            {
                null => "",
                string s => Escape(s),
                IFormattable number => number.ToString(null, CultureInfo.InvariantCulture),
                var other => Escape(other.ToString() ?? ""),
            };
            if (cell.AsSpan().IndexOfAny(",\"\r\n") >= 0)
            {
                text.Append('"').Append(cell.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
            }
            else
            {
                text.Append(cell);
            }
        }
        text.Append("\r\n");
    }

    /// <summary>One-sheet xlsx: a bold, frozen header row, inline strings, numbers stored as numbers.</summary>
    public static byte[] Xlsx(string sheetName, IReadOnlyList<string> header, IEnumerable<IReadOnlyList<object?>> rows)
    {
        using var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var workbookPart = document.AddWorkbookPart();
            workbookPart.Workbook = new Workbook();
            var stylesPart = workbookPart.AddNewPart<WorkbookStylesPart>();
            stylesPart.Stylesheet = Styles();

            var sheetData = new SheetData();
            var rowIndex = 1u;
            sheetData.Append(Row(rowIndex++, header, bold: true));
            foreach (var row in rows)
            {
                sheetData.Append(Row(rowIndex++, row, bold: false));
            }
            var sheetPart = workbookPart.AddNewPart<WorksheetPart>();
            sheetPart.Worksheet = new Worksheet(
                new SheetViews(new SheetView(
                    new Pane { VerticalSplit = 1, TopLeftCell = "A2", ActivePane = PaneValues.BottomLeft, State = PaneStateValues.Frozen })
                { WorkbookViewId = 0 }),
                new Columns(header.Select((_, i) => new Column { Min = (uint)i + 1, Max = (uint)i + 1, Width = 16, CustomWidth = true })),
                sheetData);
            workbookPart.Workbook.AppendChild(new Sheets(new Sheet
            {
                Id = workbookPart.GetIdOfPart(sheetPart),
                SheetId = 1,
                Name = SheetName(sheetName),
            }));
            workbookPart.Workbook.Save();
        }
        return stream.ToArray();
    }

    private static Row Row<T>(uint rowIndex, IReadOnlyList<T> cells, bool bold)
    {
        var row = new Row { RowIndex = rowIndex };
        for (var i = 0; i < cells.Count; i++)
        {
            var reference = ColumnName(i) + rowIndex.ToString(CultureInfo.InvariantCulture);
            Cell cell = cells[i] switch
            {
                null => new Cell { CellReference = reference },
                string s => TextCell(reference, s),
                IFormattable number => new Cell
                {
                    CellReference = reference,
                    DataType = CellValues.Number,
                    CellValue = new CellValue(number.ToString(null, CultureInfo.InvariantCulture)),
                },
                var other => TextCell(reference, other.ToString() ?? ""),
            };
            if (bold)
            {
                cell.StyleIndex = 1;
            }
            row.Append(cell);
        }
        return row;
    }

    private static Cell TextCell(string reference, string text) => new()
    {
        CellReference = reference,
        DataType = CellValues.InlineString,
        InlineString = new InlineString(new Text(Escape(text)) { Space = SpaceProcessingModeValues.Preserve }),
    };

    private static string ColumnName(int index)
    {
        var name = "";
        for (var n = index + 1; n > 0; n = (n - 1) / 26)
        {
            name = (char)('A' + ((n - 1) % 26)) + name;
        }
        return name;
    }

    /// <summary>Excel sheet names: at most 31 characters, none of []:*?/\.</summary>
    private static string SheetName(string name)
    {
        var cleaned = new string(name.Where(c => "[]:*?/\\".IndexOf(c, StringComparison.Ordinal) < 0).ToArray()).Trim('\'');
        cleaned = cleaned.Length > 31 ? cleaned[..31] : cleaned;
        return cleaned.Length == 0 ? "数据" : cleaned;
    }

    private static Stylesheet Styles() => new(
        new Fonts(
            new Font(new FontSize { Val = 11 }, new FontName { Val = "等线" }),
            new Font(new Bold(), new FontSize { Val = 11 }, new FontName { Val = "等线" }))
        { Count = 2 },
        new Fills(
            new Fill(new PatternFill { PatternType = PatternValues.None }),
            new Fill(new PatternFill { PatternType = PatternValues.Gray125 }))
        { Count = 2 },
        new Borders(new Border(new LeftBorder(), new RightBorder(), new TopBorder(), new BottomBorder(), new DiagonalBorder())) { Count = 1 },
        new CellFormats(
            new CellFormat { FontId = 0, FillId = 0, BorderId = 0 },
            new CellFormat { FontId = 1, FillId = 0, BorderId = 0, ApplyFont = true })
        { Count = 2 });
}
