namespace ScienceWeek.Dashboard.Tests.Pages;

[Collection(PageWarehouseGroup.Name)]
public sealed class RegionPageTests(PageWarehouse warehouse)
{
    private readonly HttpClient client = warehouse.CreateSignedInClient();

    [Fact]
    public async Task A_city_page_lists_its_districts_with_participants_per_activity_and_links_to_drill_down()
    {
        var html = await Html.GetAsync(client, "/region/620100?year=2024");

        var table = Html.Section(html, "class=\"data-table sub-units\"", "</table>");
        Assert.Contains("<a href=\"/region/620103?year=2024\">七里河区</a>", table);
        Assert.Contains("6,000", Html.Section(table, "data-region=\"620103\"", "</tr>"));
        Assert.Contains("4,000", Html.Section(table, "data-region=\"620102\"", "</tr>"));
        // The chart ranks the districts with data by the chosen measure.
        Assert.Contains("\"data\":[\"城关区\",\"七里河区\",\"西固区\"]", html);
    }

    [Fact]
    public async Task A_region_page_links_back_up_to_its_province()
    {
        var html = await Html.GetAsync(client, "/region/620103?year=2024");

        Assert.Contains("<a href=\"/region/620000?year=2024\">甘肃省</a>", html);
        Assert.Contains("返回兰州市", html);
    }

    [Fact]
    public async Task A_reported_region_names_its_file_and_coverage()
    {
        var html = await Html.GetAsync(client, "/region/620100?year=2024");

        Assert.Contains($"2024年本级自报：{PageWarehouse.LanzhouFile2024}", html);
        Assert.Contains("data-coverage=\"3/", html);
    }

    [Fact]
    public async Task A_derived_region_says_how_many_forms_it_sums()
    {
        var html = await Html.GetAsync(client, "/region/140100?year=2024");

        Assert.Contains("2024年无本级报表，数值由下级 3 份报表汇总", html);
        Assert.Contains("class=\"badge derived\"", html);
    }

    [Fact]
    public async Task The_submissions_list_shows_status_and_issues_of_each_file()
    {
        var html = await Html.GetAsync(client, "/region/620100?year=2024");

        var issue = await warehouse.Database.ScalarAsync<string>("""
            select i.message || coalesce('|' || i.cell, '') from submission_issue i join dim_submission s using (submission_key)
            where s.file_name = $1 and i.severity = 'error' order by i.issue_number limit 1
            """, PageWarehouse.RejectedFile);
        var (message, cell) = (issue.Split('|')[0], issue.Split('|').ElementAtOrDefault(1));

        var list = Html.Section(html, "id=\"submissions\"", "</section>");
        var rejected = Html.Section(list, PageWarehouse.RejectedFile, "</tr>");
        Assert.Contains("已退回", rejected);
        Assert.Contains(cell is null ? $"错误：{message}" : $"错误（{cell}）：{message}", rejected);
        Assert.Contains("2024年6月5日 10:30", Html.Section(list, PageWarehouse.LanzhouFile2024, "</tr>"));
        Assert.Contains("西固区2024年科技活动周统计表.xlsx", list);
    }

    [Fact]
    public async Task A_reported_value_links_to_the_row_of_its_submission()
    {
        var html = await Html.GetAsync(client, "/region/620100?year=2024");

        var key = System.Text.RegularExpressions.Regex.Match(html, "class=\"badge reported\" href=\"/region/620100\\?year=2024#submission-(\\d+)\"").Groups[1].Value;
        Assert.NotEmpty(key);
        Assert.Contains($"<tr id=\"submission-{key}\"><th scope=\"row\" style=\"white-space:normal\">{PageWarehouse.LanzhouFile2024}", html);
    }

    [Fact]
    public async Task Featured_activities_of_the_region_are_listed_with_their_source()
    {
        var html = await Html.GetAsync(client, "/region/620100?year=2024");

        var source = await warehouse.Database.ScalarAsync<string>(
            "select source_sheet || '!' || source_cell from fact_featured_activity where activity_name = '科技列车兰州行'");

        var featured = Html.Section(html, "id=\"featured\"", "</section>");
        Assert.Contains("科技列车兰州行", featured);
        Assert.Contains($"兰州市2024年特色活动推荐表.xlsx · {source}", featured);
    }

    [Fact]
    public async Task A_county_without_forms_says_what_is_missing()
    {
        var html = await Html.GetAsync(client, "/region/620121?year=2024");

        Assert.Contains("2024年既无本级报表，也无下级报表", html);
        Assert.Contains("2024年尚未收到永登县及其下级的任何报表文件", html);
    }

    [Fact]
    public async Task An_unknown_region_code_gets_a_clear_message()
    {
        var response = await client.GetAsync("/region/999999");
        var html = System.Net.WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

        Assert.Equal(System.Net.HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("没有代码为 999999 的地区", html);
    }

    [Fact]
    public async Task A_derived_region_lists_the_forms_its_number_sums()
    {
        var html = await Html.GetAsync(client, "/region/140100?year=2024");

        var madeOf = Html.Section(html, "class=\"data-table made-of\"", "</table>");
        Assert.Contains("小店区2024年科技活动周统计表.xlsx", madeOf);
        Assert.Contains("迎泽区2024年科技活动周统计表.xlsx", madeOf);
        Assert.Contains("杏花岭区2024年科技活动周统计表.xlsx", madeOf);
        Assert.Contains("汇总：以下 3 份报表之和", html);
    }

    [Fact]
    public async Task A_reported_region_is_made_of_its_own_form_only()
    {
        var html = await Html.GetAsync(client, "/region/620100?year=2024");

        var madeOf = Html.Section(html, "class=\"data-table made-of\"", "</table>");
        Assert.Contains(PageWarehouse.LanzhouFile2024, madeOf);
        Assert.DoesNotContain("城关区2024年科技活动周统计表.xlsx", madeOf);
        Assert.Contains("594.5万元", madeOf);
    }

    [Fact]
    public async Task Districts_can_be_ranked_by_participants_per_activity()
    {
        var html = await Html.GetAsync(client, "/region/620100?year=2024&measure=participants_per_activity");

        var chart = Html.Section(html, "data-chart=\"下级地区场均参与人次（2024年）\"", "</section>");
        Assert.Contains("\"data\":[\"七里河区\",\"城关区\",\"西固区\"]", chart);
        Assert.Contains("\"data\":[6000,4000,3000]", chart);
    }
}
