namespace ScienceWeek.Dashboard.Tests.Pages;

[Collection(PageWarehouseGroup.Name)]
public sealed class OverviewPageTests(PageWarehouse warehouse)
{
    private readonly HttpClient client = warehouse.CreateSignedInClient();

    [Fact]
    public async Task The_overview_defaults_to_the_three_cities_and_the_latest_year()
    {
        var html = await Html.GetAsync(client, "/");

        Assert.Contains("2024年 · 兰州市、太原市、济宁市", html);
        Assert.Contains("<option value=\"2024\" selected", html);
    }

    [Fact]
    public async Task A_kpi_card_adds_up_the_cities_and_shows_the_change_on_the_year_before()
    {
        var html = await Html.GetAsync(client, "/?year=2024&vs=2023&regions=620100,140100,370800");

        // Enterprise is not a KPI; activities are: 120 + (45 + 35 + 15) + 60 = 275 in 2024, 100 + 70 + 45 = 215 in 2023.
        var card = Html.Section(html, "data-measure=\"activities\"", "</article>");
        Assert.Contains("data-value=\"275\"", card);
        Assert.Contains("+60次", card);
        Assert.Contains("+27.9%", card);
    }

    [Fact]
    public async Task Every_value_in_a_card_says_whether_it_was_reported_or_derived()
    {
        var html = await Html.GetAsync(client, "/?year=2024&regions=620100,140100");

        var card = Html.Section(html, "data-measure=\"funding_total\"", "</article>");
        Assert.Contains("594.5万元", card);
        Assert.Contains("class=\"badge reported\"", card);
        Assert.Contains($"来源：{PageWarehouse.LanzhouFile2024}（该表各分项之和），接收于 2024年6月5日 10:30", card);
        Assert.Contains("class=\"badge derived\"", card);
        Assert.Contains("由下级 3 份报表汇总", card);
    }

    [Fact]
    public async Task The_trend_and_ranking_charts_carry_their_numbers_and_downloads()
    {
        var html = await Html.GetAsync(client, "/?year=2024&regions=620100,140100,370800&measure=funding_enterprise");

        Assert.Contains("企业赞助经费：2024年地区排名", html);
        Assert.Contains("\"data\":[250,120.5,90]", html);
        Assert.Contains("/download/values.xlsx?measures=funding_enterprise&years=2023,2024&regions=620100,140100,370800", html);
    }

    [Fact]
    public async Task A_year_without_forms_says_so_instead_of_showing_zeros()
    {
        var html = await Html.GetAsync(client, "/?year=2021&vs=2020");

        Assert.Contains("所选地区2021年未报送此项", html);
        Assert.DoesNotContain("data-value=\"0\"", html);
    }

    [Fact]
    public async Task An_unknown_region_code_is_named()
    {
        var html = await Html.GetAsync(client, "/?regions=620100,999999");

        Assert.Contains("未找到地区代码：999999", html);
    }

    [Theory]
    [InlineData("/?year=abc&vs=&measure=nonsense")]
    [InlineData("/funding?year=1900&regions=")]
    [InlineData("/compare?from=2030&lfl=yes&measure=")]
    [InlineData("/region/620100?year=x&measure=%3Cscript%3E")]
    public async Task A_hand_edited_url_still_renders_a_page(string url)
    {
        var html = await Html.GetAsync(client, url);

        Assert.Contains("全国科技活动周数据看板", html);
        Assert.DoesNotContain("<script>", html);
    }

    [Fact]
    public async Task An_unknown_address_answers_404_with_a_page_in_chinese()
    {
        var response = await client.GetAsync("/no-such-page");
        var html = System.Net.WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

        Assert.Equal(System.Net.HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("这个地址没有对应的页面", html);
    }
}
