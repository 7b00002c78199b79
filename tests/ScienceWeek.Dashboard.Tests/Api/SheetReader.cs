using System.Globalization;
using System.Net;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace ScienceWeek.Dashboard.Tests.Api;

/// <summary>A cell of a downloaded sheet: text or a number.</summary>
public sealed record SheetCell(string? Text, double? Number);

/// <summary>Reads the one sheet of a downloaded xlsx as rows of cells.</summary>
public static class SheetReader
{
    public static async Task<List<List<SheetCell>>> ReadAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var stream = new MemoryStream(await response.Content.ReadAsByteArrayAsync());
        using var document = SpreadsheetDocument.Open(stream, isEditable: false);
        var workbook = document.WorkbookPart!;
        var first = workbook.Workbook.Sheets!.Elements<Sheet>().Single();
        var part = (WorksheetPart)workbook.GetPartById(first.Id!);
        return part.Worksheet.Descendants<Row>()
            .Select(row => row.Elements<Cell>().Select(cell =>
                cell.DataType?.Value == CellValues.InlineString ? new SheetCell(cell.InlineString!.InnerText, null)
                : cell.DataType?.Value == CellValues.SharedString ? new SheetCell(workbook.SharedStringTablePart!.SharedStringTable.ElementAt(int.Parse(cell.CellValue!.Text, CultureInfo.InvariantCulture)).InnerText, null)
                : cell.CellValue is null ? new SheetCell(null, null)
                : new SheetCell(null, double.Parse(cell.CellValue.Text, CultureInfo.InvariantCulture))).ToList())
            .ToList();
    }
}
