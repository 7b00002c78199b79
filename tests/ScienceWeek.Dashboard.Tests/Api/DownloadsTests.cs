using System.Net;
using System.Text;

namespace ScienceWeek.Dashboard.Tests.Api;

[Collection(KnownSubmissionsGroup.Name)]
public sealed class DownloadsTests(KnownSubmissions warehouse)
{
    private readonly HttpClient client = warehouse.CreateSignedInClient();

    [Fact]
    public async Task The_xlsx_download_opens_with_a_header_row_and_numbers_stored_as_numbers()
    {
        var response = await client.GetAsync("/download/values.xlsx?measures=funding_total,participants_total&years=2023,2024&regions=620100");
        var rows = await SheetReader.ReadAsync(response);

        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal(["地区代码", "地区", "年份", "指标", "单位", "数值", "口径", "来源"], rows[0].Select(c => c.Text));
        Assert.Equal(
            [
                ("620100", "兰州市", 2023d, "活动经费合计", "万元", 200.5d, "汇总", "2 份报表汇总"),
                ("620100", "兰州市", 2023d, "群众参与合计", "人次", 6700d, "汇总", "2 份报表汇总"),
                ("620100", "兰州市", 2024d, "活动经费合计", "万元", 594.5d, "上报", "620100_2024_科技活动周统计表.xlsx"),
                ("620100", "兰州市", 2024d, "群众参与合计", "人次", 15000d, "上报", "620100_2024_科技活动周统计表.xlsx"),
            ],
            rows.Skip(1).Select(r => (r[0].Text, r[1].Text, r[2].Number, r[3].Text, r[4].Text, r[5].Number, r[6].Text, r[7].Text)));
    }

    [Fact]
    public async Task A_reported_value_names_its_file_sheet_and_cell()
    {
        var response = await client.GetAsync("/download/values.xlsx?measures=funding_enterprise&years=2024&regions=140100");
        var rows = await SheetReader.ReadAsync(response);

        Assert.Equal("140100_2024_科技活动周统计表.xlsx 统计表!C9", rows[1][7].Text);
    }

    [Fact]
    public async Task The_xlsx_download_escapes_text_that_looks_like_a_formula()
    {
        var response = await client.GetAsync($"/download/values.xlsx?measures=funding_enterprise&years=2022&regions={KnownSubmissions.FormulaRegionCode}");
        var rows = await SheetReader.ReadAsync(response);

        Assert.Equal("'" + KnownSubmissions.FormulaRegionName, rows[1][1].Text);
        Assert.Equal("'" + KnownSubmissions.FormulaFileName + " 统计表!C9", rows[1][7].Text);
        Assert.Equal(2d, rows[1][5].Number);
    }

    [Fact]
    public async Task The_csv_download_has_a_chinese_file_name_a_byte_order_mark_and_escaped_formulas()
    {
        var response = await client.GetAsync(
            $"/download/values.csv?measures=funding_total&years=2022&regions={KnownSubmissions.FormulaRegionCode}&title=经费/合计");
        var bytes = await response.Content.ReadAsByteArrayAsync();
        var disposition = response.Content.Headers.ContentDisposition!;

        Assert.Equal("attachment", disposition.DispositionType);
        Assert.Equal("经费_合计_2022.csv", disposition.FileNameStar);
        Assert.Equal("values.csv", disposition.FileName!.Trim('"'));
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        var lines = Encoding.UTF8.GetString(bytes[3..]).Split("\r\n");
        Assert.Equal("地区代码,地区,年份,指标,单位,数值,口径,来源", lines[0]);
        Assert.Equal(
            $"{KnownSubmissions.FormulaRegionCode},\"'=HYPERLINK(\"\"http://example.invalid\"\",\"\"点击\"\")\",2022,活动经费合计,万元,3,上报,'@SUM(1+1).xlsx",
            lines[1]);
    }

    [Fact]
    public async Task Without_a_title_the_file_is_named_for_the_science_week_and_its_years()
    {
        var response = await client.GetAsync("/download/values.xlsx?measures=funding_total&years=2023,2024&level=county&parent=620100");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("科技活动周数据_2023-2024.xlsx", response.Content.Headers.ContentDisposition!.FileNameStar);
    }

    [Fact]
    public async Task A_download_with_an_unknown_measure_is_a_400()
    {
        var response = await client.GetAsync("/download/values.csv?measures=funds&regions=620100");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("funds", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
