using System.Net.Http.Json;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Validation;
using Microsoft.Extensions.DependencyInjection;
using ScienceWeek.Dashboard.Api;
using ScienceWeek.Dashboard.Components.Display;
using ScienceWeek.Dashboard.Publishing;
using ScienceWeek.Dashboard.Tests.Pages;
using ScienceWeek.Etl.Forms;
using ScienceWeek.Warehouse.Model;

namespace ScienceWeek.Dashboard.Tests.Publishing;

/// <summary>The publishing downloads over the known forms (兰州市 reports itself in 2023 and 2024, 太原市 is derived).</summary>
[Collection(PageWarehouseGroup.Name)]
public sealed class PublishDocumentsTests(PageWarehouse warehouse)
{
    private readonly HttpClient client = warehouse.CreateSignedInClient();

    [Theory]
    [InlineData("620100", 2024)]
    [InlineData("140100", 2024)]
    public async Task The_statistics_xlsx_reads_back_through_check_with_the_values_of_the_api(string code, int year)
    {
        var bytes = await client.GetByteArrayAsync($"/publish/{code}/{year}/statistics.xlsx");
        var api = await client.GetFromJsonAsync<ValuesResponse>($"/api/v1/values?measures={string.Join(',', Measures.OnForm)}&years={year}&regions={code}");

        using var file = new MemoryStream(bytes);
        var read = new FormReader(UnitDirectory.Load(UnitDirectory.DefaultFolder)).Read(file, "statistics.xlsx", new ReadContext(), CancellationToken.None);

        Assert.False(read.IsRejected, string.Join("; ", read.Issues.Select(i => i.Message)));
        Assert.Equal(code, read.Unit?.Code);
        Assert.Equal(year, read.Year);
        Assert.NotEmpty(api!.Rows);
        Assert.All(Measures.OnForm, m => Assert.Equal(api.Rows.SingleOrDefault(r => r.Measure == m)?.Value, read.Values[m].Value));
    }

    [Fact]
    public async Task The_summary_docx_passes_the_open_xml_validator_and_holds_the_dashboard_numbers_and_their_change()
    {
        var response = await client.GetAsync("/publish/620100/2024/summary.docx");
        var bytes = await response.Content.ReadAsByteArrayAsync();
        // Kept beside the screenshots, for a look in an office suite.
        Directory.CreateDirectory(Browser.BrowserSite.Screenshots);
        await File.WriteAllBytesAsync(Path.Combine(Browser.BrowserSite.Screenshots, "summary-620100-2024.docx"), bytes);
        var api = await client.GetFromJsonAsync<ValuesResponse>("/api/v1/values?measures=activities,funding_total,participants_total&years=2023,2024&regions=620100");
        decimal Value(string measure, int year) => api!.Rows.Single(r => r.Measure == measure && r.Year == year).Value!.Value;

        using var stream = new MemoryStream(bytes);
        using var document = WordprocessingDocument.Open(stream, isEditable: false);
        var errors = new OpenXmlValidator().Validate(document).Select(e => $"{e.Path?.XPath}: {e.Description}".Replace("\n", " ", StringComparison.Ordinal)).ToList();
        Assert.True(errors.Count == 0, string.Join(" | ", errors));
        var text = document.MainDocumentPart!.Document.Body!.InnerText;

        Assert.Contains("共开展科普活动" + ChineseFormat.Value(Value("activities", 2024), "次"), text, StringComparison.Ordinal);
        Assert.Contains("投入活动经费" + ChineseFormat.Money(Value("funding_total", 2024)), text, StringComparison.Ordinal);
        Assert.Contains("吸引群众参与" + ChineseFormat.Value(Value("participants_total", 2024), "人次"), text, StringComparison.Ordinal);
        foreach (var measure in new[] { "activities", "funding_total", "participants_total" })
        {
            Assert.Contains(SummaryChange(Value(measure, 2024), Value(measure, 2023)), text, StringComparison.Ordinal);
        }
        Assert.Contains("方正小标宋简体", document.MainDocumentPart.Document.OuterXml, StringComparison.Ordinal);
        Assert.Contains("仿宋_GB2312", document.MainDocumentPart.Document.OuterXml, StringComparison.Ordinal);
        Assert.Contains(" PAGE ", document.MainDocumentPart.FooterParts.Single().Footer.InnerText, StringComparison.Ordinal);
        // The two charts are Word charts whose bars are the dashboard's numbers: the participants of the five years, and
        // the funding sources of the year.
        var charts = document.MainDocumentPart.ChartParts.Select(p => p.ChartSpace).ToList();
        Assert.Equal(2, charts.Count);
        var participantBars = ChartValues(charts.Single(c => ChartCategories(c).Contains("2024")));
        Assert.Equal(Value("participants_total", 2024), participantBars["2024"]);
        Assert.Equal(Value("participants_total", 2023), participantBars["2023"]);
        Assert.Equal(7, ChartCategories(charts.Single(c => !ChartCategories(c).Contains("2024"))).Count);
    }

    private static List<string> ChartCategories(DocumentFormat.OpenXml.Drawing.Charts.ChartSpace chart) =>
        [.. chart.Descendants<DocumentFormat.OpenXml.Drawing.Charts.CategoryAxisData>().Single()
            .Descendants<DocumentFormat.OpenXml.Drawing.Charts.StringPoint>().Select(p => p.InnerText)];

    private static Dictionary<string, decimal> ChartValues(DocumentFormat.OpenXml.Drawing.Charts.ChartSpace chart)
    {
        var labels = ChartCategories(chart);
        return chart.Descendants<DocumentFormat.OpenXml.Drawing.Charts.Values>().Single()
            .Descendants<DocumentFormat.OpenXml.Drawing.Charts.NumericPoint>()
            .ToDictionary(p => labels[(int)p.Index!.Value], p => decimal.Parse(p.InnerText, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task The_summary_docx_says_who_reported_by_the_deadline_as_the_progress_api_counts_them()
    {
        var response = await client.GetAsync("/publish/620100/2024/summary.docx");
        var progress = System.Text.Json.JsonDocument.Parse(await client.GetStringAsync("/api/v1/progress?parent=620100&year=2024")).RootElement;
        var totals = progress.GetProperty("totals");
        var due = DateOnly.Parse(progress.GetProperty("deadline").GetString()!, System.Globalization.CultureInfo.InvariantCulture);

        using var stream = new MemoryStream(await response.Content.ReadAsByteArrayAsync());
        using var document = WordprocessingDocument.Open(stream, isEditable: false);
        var text = document.MainDocumentPart!.Document.Body!.InnerText;

        var late = totals.GetProperty("late").GetInt32();
        Assert.Contains($"按{due.Year}年{due.Month}月{due.Day}日的报送截止日期，应报单位{totals.GetProperty("expected").GetInt32()}个（含功能区和部门），"
            + $"已报{totals.GetProperty("reported").GetInt32()}个" + (late > 0 ? $"，其中按时{totals.GetProperty("on_time").GetInt32()}个、逾期{late}个" : "，均按时报送"), text, StringComparison.Ordinal);
        Assert.Contains($"未报{totals.GetProperty("missing").GetInt32()}个（", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_derived_region_s_report_says_how_many_forms_it_is_summed_from()
    {
        var response = await client.GetAsync("/publish/140100/2024/summary.docx");
        using var stream = new MemoryStream(await response.Content.ReadAsByteArrayAsync());
        using var document = WordprocessingDocument.Open(stream, isEditable: false);

        Assert.Contains("太原市未报送本级统计表，以上数据由下级 3 份统计表汇总得出", document.MainDocumentPart!.Document.Body!.InnerText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_featured_xlsx_reads_back_through_check_as_a_featured_table_of_one_to_five_activities()
    {
        var bytes = await client.GetByteArrayAsync("/publish/620100/2024/featured.xlsx");

        using var file = new MemoryStream(bytes);
        var read = new FormReader(UnitDirectory.Load(UnitDirectory.DefaultFolder)).Read(file, "featured.xlsx", new ReadContext(), CancellationToken.None);

        Assert.False(read.IsRejected, string.Join("; ", read.Issues.Select(i => i.Message)));
        Assert.Equal(FormKind.Featured, read.Form);
        Assert.Equal("620100", read.Unit?.Code);
        Assert.Equal(2024, read.Year);
        Assert.InRange(read.Activities.Count, 1, 5);
        Assert.Contains(read.Activities, a => a.Name == "科技列车兰州行");
    }

    [Fact]
    public async Task A_choice_of_more_than_five_activities_or_of_one_that_is_not_the_region_s_is_refused_and_keeps_nothing()
    {
        var query = warehouse.Factory.Services.GetRequiredService<PublishQuery>();
        var candidates = (await query.GetAsync("620100", 2024, CancellationToken.None))!.Candidates;
        var taiyuan = (await query.GetAsync("140100", 2024, CancellationToken.None))!.Candidates;
        string[] six = [.. candidates.Select(c => c.Key), .. Enumerable.Range(1, 6).Select(i => $"{i}-{i}")];

        var tooMany = await query.ChooseFeaturedAsync("620100", 2024, [.. six.Distinct().Take(6)], "test", CancellationToken.None);
        var forged = await query.ChooseFeaturedAsync("140100", 2024, [candidates[0].Key], "test", CancellationToken.None);
        var kept = await warehouse.Database.ScalarAsync<long>("select count(*) from featured_choice");

        Assert.Equal("最多选择5项特色活动（本次选择了6项），请减少后再保存。", tooMany);
        Assert.Empty(taiyuan);
        Assert.StartsWith("所选活动已不在本地区的推荐活动之中", forged, StringComparison.Ordinal);
        Assert.Equal(0, kept);
    }

    [Fact]
    public async Task An_unknown_region_or_year_is_not_found()
    {
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await client.GetAsync("/publish/999999/2024/statistics.xlsx")).StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await client.GetAsync("/publish/620100/1999/summary.docx")).StatusCode);
    }

    /// <summary>The expected wording of a rise or fall, computed here from the API's numbers.</summary>
    private static string SummaryChange(decimal now, decimal before) =>
        now > before ? "同比增长" + ChineseFormat.Percent((now - before) / before)
        : now < before ? "同比下降" + ChineseFormat.Percent((before - now) / before)
        : "与上年持平";
}
