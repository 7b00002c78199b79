namespace ScienceWeek.Dashboard.Tests.Pages;

[Collection(PageWarehouseGroup.Name)]
public sealed class AnalysisPageTests(PageWarehouse warehouse)
{
    private readonly HttpClient client = warehouse.CreateSignedInClient();

    [Fact]
    public async Task The_funding_page_shows_enterprise_funding_for_both_years_with_the_change()
    {
        var html = await Html.GetAsync(client, "/funding?year=2024&vs=2023&regions=620100,140100,370800");

        var panel = Html.Section(html, "data-chart=\"企业赞助经费：2024年与2023年\"", "</section>");
        Assert.Contains("\"data\":[80,150,70]", panel);
        Assert.Contains("\"data\":[120.5,250,90]", panel);
        var taiyuan = Html.Section(panel, "/region/140100?year=2024", "</tr>");
        Assert.Contains("+100万元", taiyuan);
        Assert.Contains("+66.7%", taiyuan);
        Assert.Contains("/download/values.xlsx?measures=funding_enterprise&years=2023,2024&regions=620100,140100,370800", panel);
    }

    [Fact]
    public async Task The_funding_page_computes_fiscal_share_and_funding_per_resident()
    {
        var html = await Html.GetAsync(client, "/funding?year=2024&regions=620100");

        // 460 of 594.5 万元 is fiscal; 594.5 万元 over 4,359,446 residents (2020 census).
        Assert.Contains("77.4%", Html.Section(html, "data-chart=\"2024年财政与非财政经费占比\"", "</section>"));
        Assert.Contains("1.36元/人", Html.Section(html, "data-chart=\"2024年人均经费\"", "</section>"));
    }

    [Fact]
    public async Task The_participation_page_shows_channels_per_resident_and_per_activity()
    {
        var html = await Html.GetAsync(client, "/participation?year=2024&regions=620100,140100");

        Assert.Contains("\"name\":\"兰州市·线下\"", html);
        Assert.Contains("1,376.32人次/万人", Html.Section(html, "data-chart=\"2024年每万人参与人次\"", "</section>"));
        Assert.Contains("5,000人次/次", Html.Section(html, "data-chart=\"2024年场均参与人次\"", "</section>"));
        Assert.Contains("\"name\":\"科技志愿者\"", html);
    }

    [Fact]
    public async Task The_media_page_shows_outlets_reports_and_reports_per_activity()
    {
        var html = await Html.GetAsync(client, "/media?year=2024&regions=620100,370800");

        Assert.Contains("\"data\":[null,null,null,150,180]", Html.Section(html, "data-chart=\"宣传报道数量（近五年）\"", "</section>"));
        Assert.Contains("1.5篇/次", Html.Section(html, "data-chart=\"2024年场均报道\"", "</section>"));
    }

    [Fact]
    public async Task A_missing_population_or_value_is_explained_rather_than_shown_as_zero()
    {
        var html = await Html.GetAsync(client, "/funding?year=2022&vs=2021&regions=620100");

        Assert.Contains("所选地区和年份没有可用数据", html);
        Assert.DoesNotContain("0万元", html);
    }

    [Fact]
    public async Task Compare_like_for_like_keeps_only_units_that_reported_in_both_years()
    {
        var html = await Html.GetAsync(client, "/compare?year=2024&vs=2023&regions=620100,140100,370800&measure=funding_enterprise&lfl=1");

        var panel = Html.Section(html, "data-chart=\"同口径对比：企业赞助经费，2023年与2024年\"", "</section>");
        // 太原: 小店区 and 迎泽区 reported both years (150 → 210); 杏花岭区 only in 2024. 济宁: county forms in 2023, its own in 2024.
        Assert.Contains("\"data\":[80,150,null]", panel);
        Assert.Contains("\"data\":[120.5,210,null]", panel);
        Assert.Contains("同口径：2/3 个单位的报表之和", panel);
        Assert.Contains("济宁市在2023年和2024年没有共同报送的单位", panel);
    }

    [Theory]
    [InlineData("participants_total", "[500000,230000]", "[600000,260000]")]
    [InlineData("funding_fiscal", "[400,205]", "[460,230]")]
    [InlineData("activities", "[100,70]", "[120,80]")]
    public async Task Like_for_like_works_for_totals_groups_and_counts(string measure, string before, string after)
    {
        var html = await Html.GetAsync(client, $"/compare?year=2024&vs=2023&regions=620100,140100&measure={measure}&lfl=1");

        var panel = Html.Section(html, "data-chart=\"同口径对比：", "</section>");
        Assert.Contains($"\"data\":{before}", panel);
        Assert.Contains($"\"data\":{after}", panel);
    }

    [Fact]
    public async Task Compare_draws_any_regions_of_any_level_across_years()
    {
        var html = await Html.GetAsync(client, "/compare?year=2024&from=2023&regions=620103,140100,620000&measure=participants_total");

        var panel = Html.Section(html, "data-chart=\"群众参与合计（2023—2024年）\"", "</section>");
        Assert.Contains("\"name\":\"七里河区\"", panel);
        Assert.Contains("\"data\":[null,60000]", panel);
        Assert.Contains("\"data\":[230000,290000]", panel);
        Assert.Contains("\"name\":\"甘肃省\"", panel);
    }

    [Fact]
    public async Task Every_download_link_on_the_funding_page_answers_with_a_file()
    {
        var html = await Html.GetAsync(client, "/funding?year=2024&vs=2023&regions=620100,140100,370800");
        var links = System.Text.RegularExpressions.Regex.Matches(html, "href=\"(/download/values\\.(?:csv|xlsx)\\?[^\"]+)\"")
            .Select(m => m.Groups[1].Value).ToList();

        Assert.NotEmpty(links);
        foreach (var link in links)
        {
            var response = await client.GetAsync(link);
            Assert.True(response.IsSuccessStatusCode, $"{link} answered {(int)response.StatusCode}");
            Assert.StartsWith("attachment", response.Content.Headers.ContentDisposition?.DispositionType ?? "");
        }
    }
}
