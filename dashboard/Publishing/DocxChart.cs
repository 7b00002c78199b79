using System.Globalization;
using DocumentFormat.OpenXml.Packaging;
using A = DocumentFormat.OpenXml.Drawing;
using C = DocumentFormat.OpenXml.Drawing.Charts;
using Dw = DocumentFormat.OpenXml.Drawing.Wordprocessing;
using W = DocumentFormat.OpenXml.Wordprocessing;

namespace ScienceWeek.Dashboard.Publishing;

/// <summary>
/// A column chart of the summary report as a native Word chart (a DrawingML chart part), so staff can restyle it in Word or
/// WPS. The values are literal in the chart (no embedded workbook): the report's tables hold the same numbers.
/// </summary>
public static class DocxChart
{
    private const string ChartUri = "http://schemas.openxmlformats.org/drawingml/2006/chart";
    private const uint CategoryAxis = 48650001, ValueAxis = 48650002;
    private const long EmuPerMm = 36000;

    /// <summary>A paragraph holding the chart inline, 150 × 80 mm; <paramref name="id"/> numbers the drawing in the document.</summary>
    public static W.Paragraph Add(MainDocumentPart main, IReadOnlyList<ReportBar> bars, uint id, string name)
    {
        var part = main.AddNewPart<ChartPart>();
        part.ChartSpace = ChartSpace(bars);
        part.ChartSpace.Save();
        var inline = new Dw.Inline(
            new Dw.Extent { Cx = 150 * EmuPerMm, Cy = 80 * EmuPerMm },
            new Dw.EffectExtent { LeftEdge = 0, TopEdge = 0, RightEdge = 0, BottomEdge = 0 },
            new Dw.DocProperties { Id = id, Name = name },
            new Dw.NonVisualGraphicFrameDrawingProperties(),
            new A.Graphic(new A.GraphicData(new C.ChartReference { Id = main.GetIdOfPart(part) }) { Uri = ChartUri }))
        { DistanceFromTop = 0, DistanceFromBottom = 0, DistanceFromLeft = 0, DistanceFromRight = 0 };
        return new W.Paragraph(
            new W.ParagraphProperties(new W.Justification { Val = W.JustificationValues.Center }),
            new W.Run(new W.Drawing(inline)));
    }

    private static C.ChartSpace ChartSpace(IReadOnlyList<ReportBar> bars)
    {
        var categories = new C.StringLiteral(new C.PointCount { Val = (uint)bars.Count });
        var values = new C.NumberLiteral(new C.FormatCode("#,##0.##"), new C.PointCount { Val = (uint)bars.Count });
        foreach (var (bar, i) in bars.Select((b, i) => (b, (uint)i)))
        {
            categories.Append(new C.StringPoint(new C.NumericValue(bar.Label)) { Index = i });
            if (bar.Value is { } value)
            {
                values.Append(new C.NumericPoint(new C.NumericValue(value.ToString(CultureInfo.InvariantCulture))) { Index = i });
            }
        }
        var series = new C.BarChartSeries(
            new C.Index { Val = 0 },
            new C.Order { Val = 0 },
            new C.ChartShapeProperties(new A.SolidFill(new A.RgbColorModelHex { Val = "2F5597" })),
            new C.InvertIfNegative { Val = false },
            new C.DataLabels(
                new C.NumberingFormat { FormatCode = "#,##0.##", SourceLinked = false },
                new C.ShowLegendKey { Val = false }, new C.ShowValue { Val = true }, new C.ShowCategoryName { Val = false },
                new C.ShowSeriesName { Val = false }, new C.ShowPercent { Val = false }, new C.ShowBubbleSize { Val = false }),
            new C.CategoryAxisData(categories),
            new C.Values(values));
        var plot = new C.PlotArea(
            new C.Layout(),
            new C.BarChart(
                new C.BarDirection { Val = C.BarDirectionValues.Column },
                new C.BarGrouping { Val = C.BarGroupingValues.Clustered },
                new C.VaryColors { Val = false },
                series,
                new C.GapWidth { Val = 80 },
                new C.AxisId { Val = CategoryAxis },
                new C.AxisId { Val = ValueAxis }),
            new C.CategoryAxis(
                new C.AxisId { Val = CategoryAxis },
                new C.Scaling(new C.Orientation { Val = C.OrientationValues.MinMax }),
                new C.Delete { Val = false },
                new C.AxisPosition { Val = C.AxisPositionValues.Bottom },
                new C.MajorTickMark { Val = C.TickMarkValues.None },
                new C.MinorTickMark { Val = C.TickMarkValues.None },
                new C.TickLabelPosition { Val = C.TickLabelPositionValues.NextTo },
                new C.CrossingAxis { Val = ValueAxis },
                new C.Crosses { Val = C.CrossesValues.AutoZero },
                new C.AutoLabeled { Val = true },
                new C.LabelAlignment { Val = C.LabelAlignmentValues.Center },
                new C.LabelOffset { Val = 100 }),
            new C.ValueAxis(
                new C.AxisId { Val = ValueAxis },
                new C.Scaling(new C.Orientation { Val = C.OrientationValues.MinMax }),
                new C.Delete { Val = false },
                new C.AxisPosition { Val = C.AxisPositionValues.Left },
                new C.MajorGridlines(),
                new C.NumberingFormat { FormatCode = "#,##0", SourceLinked = false },
                new C.MajorTickMark { Val = C.TickMarkValues.None },
                new C.MinorTickMark { Val = C.TickMarkValues.None },
                new C.TickLabelPosition { Val = C.TickLabelPositionValues.NextTo },
                new C.CrossingAxis { Val = CategoryAxis },
                new C.Crosses { Val = C.CrossesValues.AutoZero },
                new C.CrossBetween { Val = C.CrossBetweenValues.Between }));
        return new C.ChartSpace(
            new C.RoundedCorners { Val = false },
            new C.Chart(
                new C.AutoTitleDeleted { Val = true },
                plot,
                new C.PlotVisibleOnly { Val = true },
                new C.DisplayBlanksAs { Val = C.DisplayBlanksAsValues.Gap }),
            ChineseText());
    }

    /// <summary>The chart's labels in 仿宋_GB2312 小五, as the tables around it.</summary>
    private static C.TextProperties ChineseText() => new(
        new A.BodyProperties(),
        new A.ListStyle(),
        new A.Paragraph(
            new A.ParagraphProperties(new A.DefaultRunProperties(
                new A.LatinFont { Typeface = "仿宋_GB2312" },
                new A.EastAsianFont { Typeface = "仿宋_GB2312" })
            { FontSize = 1050 }),
            new A.EndParagraphRunProperties { Language = "zh-CN" }));
}
