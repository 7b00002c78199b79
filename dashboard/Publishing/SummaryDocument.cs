using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace ScienceWeek.Dashboard.Publishing;

/// <summary>
/// The 总结报告 as a .docx in the layout of GB/T 9704 official documents: A4, margins 37/35/28/26 mm, title in
/// 方正小标宋简体 二号 (黑体 where that font is missing), headings in 黑体 三号, body in 仿宋_GB2312 三号 with a two-character
/// first-line indent and 28.9 pt lines, page numbers “— 1 —” in 宋体 四号 at the foot.
/// </summary>
public static class SummaryDocument
{
    private const string TitleFont = "方正小标宋简体";
    private const string HeadingFont = "黑体";
    private const string BodyFont = "仿宋_GB2312";
    private const string TableFont = "仿宋_GB2312";
    private const int Sanhao = 32;   // 三号 16 pt, in half-points
    private const int Erhao = 44;    // 二号 22 pt
    private const int Sihao = 28;    // 四号 14 pt
    private const int Xiaosi = 24;   // 小四 12 pt

    private static uint Mm(double mm) => (uint)Math.Round(mm / 25.4 * 1440);

    public static byte[] Build(SummaryReport report)
    {
        using var stream = new MemoryStream();
        using (var document = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            var main = document.AddMainDocumentPart();
            var footer = main.AddNewPart<FooterPart>();
            footer.Footer = PageNumberFooter();
            var body = new Body();
            body.Append(Paragraph(report.Title, TitleFont, Erhao, centred: true, indent: false, before: 0, after: 600));
            foreach (var section in report.Sections)
            {
                body.Append(Paragraph(section.Heading, HeadingFont, Sanhao, centred: false, indent: true));
                foreach (var text in section.Paragraphs)
                {
                    body.Append(Paragraph(text, BodyFont, Sanhao, centred: false, indent: true));
                }
            }
            foreach (var table in new[] { report.Trend, report.Funding })
            {
                body.Append(Paragraph(table.Caption, HeadingFont, Sihao, centred: true, indent: false, before: 240));
                body.Append(Table(table));
            }
            body.Append(new SectionProperties(
                new FooterReference { Type = HeaderFooterValues.Default, Id = main.GetIdOfPart(footer) },
                new PageSize { Width = Mm(210), Height = Mm(297) },
                new PageMargin { Top = (int)Mm(37), Bottom = (int)Mm(35), Left = Mm(28), Right = Mm(26), Header = Mm(15), Footer = Mm(28), Gutter = 0 },
                new DocGrid { Type = DocGridValues.LinesAndChars, LinePitch = 579, CharacterSpace = 0 }));
            main.Document = new Document(body);
            main.Document.Save();
            document.PackageProperties.Title = report.Title;
            document.PackageProperties.Language = "zh-CN";
        }
        return stream.ToArray();
    }

    private static RunProperties Font(string font, int halfPoints, bool bold = false)
    {
        var properties = new RunProperties(
            new RunFonts { Ascii = font, HighAnsi = font, EastAsia = font, ComplexScript = font, Hint = FontTypeHintValues.EastAsia });
        if (bold)
        {
            properties.Append(new Bold());
        }
        properties.Append(new FontSize { Val = halfPoints.ToString(CultureInfo.InvariantCulture) },
            new FontSizeComplexScript { Val = halfPoints.ToString(CultureInfo.InvariantCulture) },
            new Languages { EastAsia = "zh-CN" });
        return properties;
    }

    private static Paragraph Paragraph(string text, string font, int halfPoints, bool centred, bool indent, int before = 0, int after = 0)
    {
        var properties = new ParagraphProperties(
            new SpacingBetweenLines { Before = before.ToString(CultureInfo.InvariantCulture), After = after.ToString(CultureInfo.InvariantCulture), Line = "578", LineRule = LineSpacingRuleValues.Exact });
        if (indent)
        {
            // Two characters of 三号: 640 twentieths of a point.
            properties.Append(new Indentation { FirstLine = "640" });
        }
        properties.Append(new Justification { Val = centred ? JustificationValues.Center : JustificationValues.Both });
        return new Paragraph(properties, new Run(Font(font, halfPoints), new Text(text) { Space = SpaceProcessingModeValues.Preserve }));
    }

    private static Table Table(ReportTable table)
    {
        var border = new TableBorders(
            new TopBorder { Val = BorderValues.Single, Size = 4 }, new LeftBorder { Val = BorderValues.Single, Size = 4 },
            new BottomBorder { Val = BorderValues.Single, Size = 4 }, new RightBorder { Val = BorderValues.Single, Size = 4 },
            new InsideHorizontalBorder { Val = BorderValues.Single, Size = 4 }, new InsideVerticalBorder { Val = BorderValues.Single, Size = 4 });
        var result = new Table(new TableProperties(
            new TableWidth { Width = Mm(156).ToString(CultureInfo.InvariantCulture), Type = TableWidthUnitValues.Dxa }, new TableJustification { Val = TableRowAlignmentValues.Center }, border));
        var width = (int)(Mm(156) / table.Header.Count);
        result.Append(new TableGrid(table.Header.Select(_ => new GridColumn { Width = width.ToString(CultureInfo.InvariantCulture) })));
        result.Append(Row(table.Header, bold: true));
        foreach (var row in table.Rows)
        {
            result.Append(Row(row, bold: false));
        }
        return result;
    }

    private static TableRow Row(IReadOnlyList<string> cells, bool bold) => new(cells.Select(text => new TableCell(
        new TableCellProperties(new TableCellVerticalAlignment { Val = TableVerticalAlignmentValues.Center }),
        new Paragraph(
            new ParagraphProperties(new Justification { Val = JustificationValues.Center }),
            new Run(Font(TableFont, Xiaosi, bold), new Text(text) { Space = SpaceProcessingModeValues.Preserve })))));

    /// <summary>“— 1 —” centred: a PAGE field between two em dashes.</summary>
    private static Footer PageNumberFooter()
    {
        Run Plain(string text) => new(Font("宋体", Sihao), new Text(text) { Space = SpaceProcessingModeValues.Preserve });
        return new Footer(new Paragraph(
            new ParagraphProperties(new Justification { Val = JustificationValues.Center }),
            Plain("— "),
            new Run(Font("宋体", Sihao), new FieldChar { FieldCharType = FieldCharValues.Begin }),
            new Run(Font("宋体", Sihao), new FieldCode(" PAGE ") { Space = SpaceProcessingModeValues.Preserve }),
            new Run(Font("宋体", Sihao), new FieldChar { FieldCharType = FieldCharValues.Separate }),
            Plain("1"),
            new Run(Font("宋体", Sihao), new FieldChar { FieldCharType = FieldCharValues.End }),
            Plain(" —")));
    }
}
