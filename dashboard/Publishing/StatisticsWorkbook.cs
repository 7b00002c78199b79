using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using ScienceWeek.Dashboard.Downloads;
using ScienceWeek.Dashboard.Values;
using ScienceWeek.Warehouse.Model;
using Region = ScienceWeek.Dashboard.Values.Region;

namespace ScienceWeek.Dashboard.Publishing;

/// <summary>
/// The region's own 开展情况统计表 in the layout of the national 附件2 (title, unit line, category column merged over its
/// items, one value column), filled with the region's one number per measure, and a second sheet 汇总明细 with the forms
/// that number is made of. The ETL's reader takes the first sheet back as the region's form with the same values.
/// </summary>
public static class StatisticsWorkbook
{
    /// <summary>The items of 附件2 in its order, with their category (null: the item spans the category column).</summary>
    public static IReadOnlyList<(string Measure, string? Category, string Label)> Lines => OfficialStatisticsForm.Lines;

    internal const uint Title = 1, Boxed = 2, BoxedCentre = 3, Left = 4;

    /// <summary>The unit's name as the form's unit line writes it: the full path (甘肃省兰州市城关区), so it resolves unambiguously.</summary>
    public static string UnitName(Catalogue.Snapshot snapshot, Region region) =>
        string.Concat(snapshot.PathTo(region.Code).Where(r => r.Level != "nation").Select(r => r.Name));

    public static byte[] Build(PublishData data)
    {
        var unitName = UnitName(data.Catalogue, data.Region);
        var snapshot = data.Catalogue;
        using var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var workbookPart = document.AddWorkbookPart();
            workbookPart.Workbook = new Workbook();
            workbookPart.AddNewPart<WorkbookStylesPart>().Stylesheet = Styles();
            var sheets = workbookPart.Workbook.AppendChild(new Sheets());
            AddSheet(workbookPart, sheets, "统计表", FormSheet(data, unitName));
            AddSheet(workbookPart, sheets, "汇总明细", DetailSheet(data, snapshot));
            workbookPart.Workbook.Save();
        }
        return stream.ToArray();
    }

    private static Worksheet FormSheet(PublishData data, string unitName)
    {
        var rows = new SheetData();
        var merges = new List<string>();
        rows.Append(Row(1, 36, ("A", Text($"{data.Year}年全国科技活动周开展情况统计表"), Title)));
        merges.Add("A1:C1");
        rows.Append(Row(2, 24, ("A", Text($"地方/部门（盖章）：{unitName}"), Left)));
        merges.Add("A2:C2");
        rows.Append(Row(3, 22, ("A", Text("指标"), BoxedCentre), ("B", Text(""), BoxedCentre), ("C", Text("数值"), BoxedCentre)));
        merges.Add("A3:B3");
        var r = 4u;
        string? open = null;
        foreach (var (measure, category, label) in Lines)
        {
            var value = Number(data.Value(measure));
            if (category is null)
            {
                rows.Append(Row(r, 22, ("A", Text(label), Boxed), ("B", Text(""), Boxed), ("C", value, Boxed)));
                merges.Add($"A{r}:B{r}");
                open = null;
            }
            else
            {
                var first = category != open;
                rows.Append(Row(r, 22, ("A", Text(first ? category : ""), BoxedCentre), ("B", Text(label), Boxed), ("C", value, Boxed)));
                if (first)
                {
                    merges.Add($"A{r}:A{r + (uint)OfficialStatisticsForm.ItemsOf(category) - 1}");
                }
                open = category;
            }
            r++;
        }
        if (DerivedNote(data) is { } note)
        {
            rows.Append(Row(r, 40, ("A", Text(note), Left)));
            merges.Add($"A{r}:C{r}");
        }
        return Sheet(rows, merges, [20, 40, 18]);
    }

    /// <summary>The note under a derived form; starts with 注 so that no reader takes it for an item.</summary>
    public static string? DerivedNote(PublishData data) => data.Basis is { IsReported: false } basis
        ? $"注：本单位未报送本级统计表，表中数据由下级 {basis.ContributingForms} 份报表汇总得出（直属下级地区 {basis.ExpectedChildren} 个，其中 {basis.ReportingChildren} 个有数据）。"
        : null;

    private static Worksheet DetailSheet(PublishData data, Catalogue.Snapshot snapshot)
    {
        var measures = Measures.All;
        var rows = new SheetData();
        var header = new List<(string, CellValueFactory, uint)> { ("A", Text("单位代码"), BoxedCentre), ("B", Text("单位名称"), BoxedCentre), ("C", Text("口径"), BoxedCentre) };
        header.AddRange(measures.Select((m, i) => (Column(i + 3), Text(MeasureHeader(snapshot, m)), BoxedCentre)));
        rows.Append(Row(1, 48, [.. header]));
        var r = 2u;
        foreach (var unit in data.Units)
        {
            rows.Append(DetailRow(r++, unit.Code, unit.Name, unit.Basis == "reported" ? "本级报表" : "下级报表", measures.Select(m => unit.Values.GetValueOrDefault(m))));
        }
        rows.Append(DetailRow(r++, data.Region.Code, data.Region.Name + "（合计）", data.Basis?.IsReported == true ? "本级数（采用）" : "汇总数（采用）",
            measures.Select(m => data.Value(m))));
        if (data.Basis?.IsReported == true && data.Children.Count > 0)
        {
            rows.Append(DetailRow(r, "", "下级地区合计（对照）", "下级汇总", measures.Select(data.ChildSum)));
        }
        return Sheet(rows, [], [14, 26, 14, .. measures.Select(_ => 14d)]);
    }

    private static string MeasureHeader(Catalogue.Snapshot snapshot, string measure) =>
        snapshot.Measure(measure) is { } m ? $"{m.NameZh}（{m.UnitZh}）" : measure;

    private static Row DetailRow(uint r, string code, string name, string basis, IEnumerable<decimal?> values)
    {
        var cells = new List<(string, CellValueFactory, uint)> { ("A", Text(code), Boxed), ("B", Text(name), Boxed), ("C", Text(basis), Boxed) };
        cells.AddRange(values.Select((v, i) => (Column(i + 3), Number(v), Boxed)));
        return Row(r, 20, [.. cells]);
    }

    internal delegate Cell CellValueFactory(string reference);

    internal static CellValueFactory Text(string text) => reference => new Cell
    {
        CellReference = reference,
        DataType = CellValues.InlineString,
        InlineString = new InlineString(new Text(TableFile.Escape(text)) { Space = SpaceProcessingModeValues.Preserve }),
    };

    private static CellValueFactory Number(decimal? value) => reference => value is { } v
        ? new Cell { CellReference = reference, DataType = CellValues.Number, CellValue = new CellValue(v.ToString(CultureInfo.InvariantCulture)) }
        : new Cell { CellReference = reference };

    internal static Row Row(uint index, double height, params (string Column, CellValueFactory Value, uint Style)[] cells)
    {
        var row = new Row { RowIndex = index, Height = height, CustomHeight = true };
        foreach (var (column, value, style) in cells)
        {
            var cell = value(column + index.ToString(CultureInfo.InvariantCulture));
            cell.StyleIndex = style;
            row.Append(cell);
        }
        return row;
    }

    private static string Column(int index) => index < 26 ? ((char)('A' + index)).ToString() : $"{(char)('A' + index / 26 - 1)}{(char)('A' + index % 26)}";

    internal static Worksheet Sheet(SheetData rows, List<string> merges, IReadOnlyList<double> widths)
    {
        var worksheet = new Worksheet(
            new Columns(widths.Select((w, i) => new Column { Min = (uint)i + 1, Max = (uint)i + 1, Width = w, CustomWidth = true })),
            rows);
        if (merges.Count > 0)
        {
            worksheet.Append(new MergeCells(merges.Select(m => new MergeCell { Reference = m })) { Count = (uint)merges.Count });
        }
        worksheet.Append(new PageMargins { Left = 0.75, Right = 0.75, Top = 1, Bottom = 1, Header = 0.5, Footer = 0.5 });
        // A4 portrait, as the notice prints it.
        worksheet.Append(new PageSetup { PaperSize = 9, Orientation = OrientationValues.Portrait });
        return worksheet;
    }

    internal static void AddSheet(WorkbookPart workbookPart, Sheets sheets, string name, Worksheet worksheet)
    {
        var part = workbookPart.AddNewPart<WorksheetPart>();
        part.Worksheet = worksheet;
        sheets.Append(new Sheet { Id = workbookPart.GetIdOfPart(part), SheetId = (uint)sheets.Count() + 1, Name = name });
    }

    internal static Stylesheet Styles()
    {
        var thin = new Border(
            new LeftBorder { Style = BorderStyleValues.Thin }, new RightBorder { Style = BorderStyleValues.Thin },
            new TopBorder { Style = BorderStyleValues.Thin }, new BottomBorder { Style = BorderStyleValues.Thin }, new DiagonalBorder());
        Alignment Align(HorizontalAlignmentValues horizontal) =>
            new() { Horizontal = horizontal, Vertical = VerticalAlignmentValues.Center, WrapText = true };
        return new Stylesheet(
            new Fonts(
                new Font(new FontSize { Val = 12 }, new FontName { Val = "宋体" }),
                new Font(new Bold(), new FontSize { Val = 18 }, new FontName { Val = "黑体" }))
            { Count = 2 },
            new Fills(new Fill(new PatternFill { PatternType = PatternValues.None }), new Fill(new PatternFill { PatternType = PatternValues.Gray125 })) { Count = 2 },
            new Borders(new Border(new LeftBorder(), new RightBorder(), new TopBorder(), new BottomBorder(), new DiagonalBorder()), thin) { Count = 2 },
            new CellFormats(
                new CellFormat { FontId = 0, FillId = 0, BorderId = 0 },
                new CellFormat(Align(HorizontalAlignmentValues.Center)) { FontId = 1, BorderId = 0, ApplyFont = true, ApplyAlignment = true },
                new CellFormat(Align(HorizontalAlignmentValues.Left)) { FontId = 0, BorderId = 1, ApplyBorder = true, ApplyAlignment = true },
                new CellFormat(Align(HorizontalAlignmentValues.Center)) { FontId = 0, BorderId = 1, ApplyBorder = true, ApplyAlignment = true },
                new CellFormat(Align(HorizontalAlignmentValues.Left)) { FontId = 0, BorderId = 0, ApplyAlignment = true })
            { Count = 5 });
    }
}
