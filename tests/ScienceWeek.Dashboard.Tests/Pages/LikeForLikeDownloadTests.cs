using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using ScienceWeek.Dashboard.Tests.Api;

namespace ScienceWeek.Dashboard.Tests.Pages;

[Collection(PageWarehouseGroup.Name)]
public sealed class LikeForLikeDownloadTests(PageWarehouse warehouse)
{
    private const string Compare = "/compare?year=2024&vs=2023&regions=620100,140100,370800&measure=funding_enterprise&lfl=1";
    private const string Panel = "data-chart=\"同口径对比：企业赞助经费，2023年与2024年\"";

    private readonly HttpClient client = warehouse.CreateSignedInClient();

    [Fact]
    public async Task The_like_for_like_chart_links_to_a_csv_with_the_numbers_it_draws()
    {
        var panel = Html.Section(await Html.GetAsync(client, Compare), Panel, "</section>");
        var link = DownloadLink(panel, "csv");

        var lines = await CsvLinesAsync(link);

        Assert.Equal(
            "地区代码,地区,指标,单位,2023年（同口径）,2024年（同口径）,同口径增幅（%）,2024年（全部单位）,2023年同口径单位数,2023年报送单位数,2024年同口径单位数,2024年报送单位数,说明",
            lines[0]);
        Assert.Equal("620100,兰州市,企业赞助经费,万元,80,120.5,50.63,120.5,1,1,1,1,", lines[1]);
        // 太原: 小店区 and 迎泽区 reported both years; 杏花岭区 only in 2024, so 2024's 250 over all units is not like-for-like.
        Assert.Equal("140100,太原市,企业赞助经费,万元,150,210,40,250,2,2,2,3,", lines[2]);
        Assert.Equal("370800,济宁市,企业赞助经费,万元,,,,90,0,2,0,1,济宁市在2023年和2024年没有共同报送的单位", lines[3]);
        // The chart draws the same two like-for-like columns.
        var cells = lines.Skip(1).Where(l => l.Length > 0).Select(l => l.Split(',')).ToList();
        Assert.Contains($"\"data\":[{string.Join(',', cells.Select(c => Json(c[4])))}]", panel);
        Assert.Contains($"\"data\":[{string.Join(',', cells.Select(c => Json(c[5])))}]", panel);
    }

    [Fact]
    public async Task The_like_for_like_xlsx_holds_the_same_numbers_as_numbers()
    {
        var panel = Html.Section(await Html.GetAsync(client, Compare), Panel, "</section>");
        var link = DownloadLink(panel, "xlsx");

        var response = await client.GetAsync(link);
        var rows = await SheetReader.ReadAsync(response);

        Assert.Equal("同口径对比：企业赞助经费，2023年与2024年_2023-2024.xlsx", response.Content.Headers.ContentDisposition!.FileNameStar);
        Assert.Equal("like-for-like.xlsx", response.Content.Headers.ContentDisposition.FileName!.Trim('"'));
        Assert.Equal(13, rows[0].Count);
        Assert.Equal(
            [("620100", 80d, 120.5d, 50.63d), ("140100", 150d, 210d, 40d)],
            rows.Skip(1).Take(2).Select(r => (r[0].Text, r[4].Number, r[5].Number, r[6].Number)));
        Assert.Equal(("370800", null, null, 90d), (rows[3][0].Text, rows[3][4].Number, rows[3][5].Number, rows[3][7].Number));
    }

    [Fact]
    public async Task The_change_runs_from_the_first_year_given_to_the_second()
    {
        var lines = await CsvLinesAsync("/download/like-for-like.csv?measures=funding_enterprise&years=2024,2023&regions=140100");

        Assert.StartsWith("地区代码,地区,指标,单位,2024年（同口径）,2023年（同口径）,同口径增幅（%）,2023年（全部单位）,", lines[0], StringComparison.Ordinal);
        Assert.Equal("140100,太原市,企业赞助经费,万元,210,150,-28.57,150,2,3,2,2,", lines[1]);
    }

    [Theory]
    [InlineData("measures=funding_total,activities&years=2023,2024&regions=620100")]
    [InlineData("measures=funding_total&years=2024&regions=620100")]
    [InlineData("measures=funding_total&years=2023,2024&level=county&parent=620100")]
    public async Task A_like_for_like_download_needs_one_measure_two_years_and_region_codes(string query)
    {
        var response = await client.GetAsync("/download/like-for-like.xlsx?" + query);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("同口径下载需要一个指标、两个年份和地区代码", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static string DownloadLink(string panel, string extension)
    {
        var match = Regex.Match(panel, $"href=\"(/download/like-for-like\\.{extension}\\?[^\"]+)\"");
        Assert.True(match.Success, $"no like-for-like {extension} link in the panel");
        return match.Groups[1].Value;
    }

    private async Task<string[]> CsvLinesAsync(string link)
    {
        var response = await client.GetAsync(link);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        return Encoding.UTF8.GetString(bytes.AsSpan(3)).Split("\r\n");
    }

    private static string Json(string csvCell) =>
        csvCell.Length == 0 ? "null" : decimal.Parse(csvCell, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture);
}
