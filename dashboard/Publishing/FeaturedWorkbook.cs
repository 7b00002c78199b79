using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using static ScienceWeek.Dashboard.Publishing.StatisticsWorkbook;

namespace ScienceWeek.Dashboard.Publishing;

/// <summary>
/// The featured-activity list (附件1 推荐表) in the notice's layout: title, 推荐单位 line, the six columns, at most five rows
/// and the notice's remark. Until the choosing page exists, the five are the region's own recommendations first, then its
/// sub-units' in code order.
/// </summary>
public static class FeaturedWorkbook
{
    public const int Most = 5;

    public static byte[] Build(PublishData data)
    {
        using var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var workbookPart = document.AddWorkbookPart();
            workbookPart.Workbook = new Workbook();
            workbookPart.AddNewPart<WorkbookStylesPart>().Stylesheet = Styles();
            var sheets = workbookPart.Workbook.AppendChild(new Sheets());
            AddSheet(workbookPart, sheets, "推荐表", TableSheet(data));
            workbookPart.Workbook.Save();
        }
        return stream.ToArray();
    }

    private static Worksheet TableSheet(PublishData data)
    {
        var rows = new SheetData();
        rows.Append(Row(1, 36, ("A", Text($"{data.Year}年全国科技活动周特色群众性科技活动推荐表"), Title)));
        rows.Append(Row(2, 24, ("A", Text($"推荐单位：{UnitName(data.Catalogue, data.Region)}（公章）"), Left)));
        string[] header = ["序号", "活动名称", "活动简介", "举办时间、地点", "推荐单位", "联系人及电话"];
        rows.Append(Row(3, 22, [.. header.Select((h, i) => (((char)('A' + i)).ToString(), Text(h), BoxedCentre))]));
        var r = 4u;
        foreach (var (activity, i) in data.Featured.Take(Most).Select((a, i) => (a, i)))
        {
            string[] cells =
            [
                (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), activity.Name, activity.Description ?? "",
                string.Join("，", new[] { activity.When, activity.Place }.Where(t => !string.IsNullOrWhiteSpace(t))),
                activity.Unit ?? activity.RecommendedBy, activity.Contact ?? "",
            ];
            rows.Append(Row(r++, 48, [.. cells.Select((c, j) => (((char)('A' + j)).ToString(), Text(c), Boxed))]));
        }
        rows.Append(Row(r, 24, ("A", Text("说明：各地方各相关部门推荐活动数量不超过5项。"), Left)));
        return Sheet(rows, ["A1:F1", "A2:F2", $"A{r}:F{r}"], [8, 28, 48, 30, 26, 24]);
    }
}
