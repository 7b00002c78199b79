using System.Text.Json;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using ScienceWeek.Dashboard.Api;
using ScienceWeek.Dashboard.Components.Display;

namespace ScienceWeek.Dashboard.Tests.Pages;

/// <summary>The comparison switches of the pages: the year before (prev=1), like for like (lfl=1), per 10,000 residents (per=capita).</summary>
[Collection(PageWarehouseGroup.Name)]
public sealed class YearComparisonTests(PageWarehouse warehouse)
{
    private const string Regions = "620100,140100,370800";

    // The units below a region with a current statistics form in each of the years, counted from the submissions
    // themselves (not from mart_region_form, which the dashboard reads).
    public const string UnitsReporting = """
        with forms as (
            select u.reporting_unit_key, s.submission_key, s.year
            from dim_submission s
            join dim_reporting_unit u using (reporting_unit_key)
            join region_closure c on c.descendant_key = u.region_key
            join dim_region a on a.region_key = c.ancestor_key
            where a.region_code = $1 and s.is_current and s.form_kind = 'statistics' and s.status in ('accepted', 'warning')
              and s.year = any($2)
        ),
        in_all as (select reporting_unit_key from forms group by reporting_unit_key having count(distinct year) = cardinality($2))
        """;

    private readonly HttpClient client = warehouse.CreateSignedInClient();

    [Fact]
    public async Task With_the_year_before_switched_on_a_funding_chart_draws_the_comparison_year_as_the_values_api_gives_it()
    {
        var html = await Html.GetAsync(client, $"/funding?year=2024&vs=2023&regions={Regions}&prev=1");
        var api = await client.GetFromJsonAsync<ValuesResponse>($"/api/v1/values?measures=funding_enterprise&years=2023&regions={Regions}");

        var panel = Html.Section(html, "data-chart=\"2024年经费来源构成\"", "</section>");
        var expected = Regions.Split(',').Select(code => api!.Rows.Single(r => r.Region == code).Value);
        Assert.Equal(expected, Series(panel, "企业赞助·2023年"));
        Assert.Contains("\"stack\":\"经费·2023年\"", panel);
        Assert.Contains("企业赞助·较2023年（%）", panel);
        // 太原: 150 → 250 万元.
        Assert.Contains("+100万元", Html.Section(panel, "/region/140100?year=2024", "</tr>"));
    }

    [Fact]
    public async Task Without_the_switch_a_chart_shows_only_its_year()
    {
        var html = await Html.GetAsync(client, $"/funding?year=2024&vs=2023&regions={Regions}");

        var panel = Html.Section(html, "data-chart=\"2024年经费来源构成\"", "</section>");
        Assert.DoesNotContain("2023年", panel);
        Assert.Contains("name=\"prev\"", html);
    }

    [Fact]
    public async Task Like_for_like_keeps_the_units_that_reported_in_both_years_and_says_how_many()
    {
        var html = await Html.GetAsync(client, $"/funding?year=2024&vs=2023&regions={Regions}&prev=1&lfl=1");
        int[] both = [2023, 2024];
        var kept = await warehouse.Database.ScalarAsync<long>(UnitsReporting + "select count(*) from in_all", "140100", both);
        var all2024 = await warehouse.Database.ScalarAsync<long>(UnitsReporting + "select count(distinct reporting_unit_key) from forms where year = 2024", "140100", both);
        var keptValue = await warehouse.Database.ScalarAsync<decimal>(UnitsReporting + """
            select sum(v.value) from forms f join statistics_measure_value v using (submission_key)
            where f.year = 2024 and v.measure_code = 'funding_enterprise' and f.reporting_unit_key in (select reporting_unit_key from in_all)
            """, "140100", both);

        var panel = Html.Section(html, "data-chart=\"2024年经费来源构成\"", "</section>");
        Assert.Contains($"太原市 {kept}/{all2024}", panel);
        Assert.Equal(2, kept);
        Assert.Equal(keptValue, Series(panel, "企业赞助·2024年（同口径）")[1]);
        Assert.Contains("企业赞助·2024年（全部单位）", panel);
        // The chart that always compares the two years is like for like too, with the same count.
        Assert.Contains($"太原市 {kept}/{all2024}", Html.Section(html, "data-chart=\"企业赞助经费：2024年与2023年\"", "</section>"));
        Assert.Contains("name=\"lfl\" value=\"1\" checked", html);
    }

    [Fact]
    public async Task Like_for_like_on_the_overview_compares_the_kpi_cards_and_the_ranking_by_the_kept_units()
    {
        var html = await Html.GetAsync(client, "/?year=2024&vs=2023&regions=140100&measure=funding_enterprise&lfl=1");

        var ranking = Html.Section(html, "data-chart=\"企业赞助经费：2024年地区排名\"", "</section>");
        Assert.Contains("太原市 2/3", ranking);
        Assert.Equal([210m], Series(ranking, "2024年（同口径）"));
        Assert.Contains("同比2023年（同口径）", Html.Section(html, "data-measure=\"funding_total\"", "</article>"));
    }

    [Fact]
    public async Task The_sub_region_table_gives_the_year_before_and_the_change_when_switched_on()
    {
        var html = await Html.GetAsync(client, "/region/140100?year=2024&prev=1");
        var api = await client.GetFromJsonAsync<ValuesResponse>("/api/v1/values?measures=participants_total&years=2023&regions=140105");

        var row = Html.Section(Html.Section(html, "id=\"sub-units\"", "</section>"), "data-region=\"140105\"", "</tr>");
        Assert.Contains(ChineseFormat.Count(api!.Rows.Single().Value!.Value) + "人次", row);
        Assert.Contains("群众参与合计（2023年）", Html.Section(html, "id=\"sub-units\"", "</thead>"));
    }

    [Fact]
    public async Task The_region_trend_table_gives_each_years_change_on_the_year_before_when_switched_on()
    {
        var html = await Html.GetAsync(client, "/region/620100?year=2024&prev=1");
        var api = await client.GetFromJsonAsync<ValuesResponse>("/api/v1/values?measures=funding_total&years=2023,2024&regions=620100");

        var row = Html.Section(Html.Section(html, "data-chart=\"兰州市近五年趋势\"", "</section>"), "<th scope=\"row\">2024年", "</tr>");
        var change = api!.Rows.Single(r => r.Year == 2024).Value!.Value - api.Rows.Single(r => r.Year == 2023).Value!.Value;
        Assert.Contains("+" + ChineseFormat.Money(change), row);
    }

    [Fact]
    public async Task Per_capita_columns_use_the_census_population_and_mark_regions_without_one()
    {
        var html = await Html.GetAsync(client, "/region/140100?year=2024&per=capita");
        var api = await client.GetFromJsonAsync<ValuesResponse>("/api/v1/values?measures=participants_total&years=2024&regions=140105");
        var population = await warehouse.Database.ScalarAsync<long>("select population_2020 from dim_region where region_code = '140105'");

        var table = Html.Section(html, "id=\"sub-units\"", "</section>");
        var xiaodian = Html.Section(table, "data-region=\"140105\"", "</tr>");
        Assert.Contains(ChineseFormat.Number(api!.Rows.Single().Value!.Value * 10_000m / population) + "人次/万人", xiaodian);
        // 迎泽区 has no census population in the reference data.
        Assert.Contains("无人口数据", Html.Section(table, "data-region=\"140106\"", "</tr>"));
        Assert.Contains("群众参与合计（每万人）", table);
    }

    [Fact]
    public async Task Per_capita_gives_the_kpi_cards_per_ten_thousand_residents_and_marks_a_region_without_a_population()
    {
        var lanzhou = await Html.GetAsync(client, "/region/620100?year=2024&per=capita");
        var yingze = await Html.GetAsync(client, "/region/140106?year=2024&per=capita");
        var api = await client.GetFromJsonAsync<ValuesResponse>("/api/v1/values?measures=funding_total&years=2024&regions=620100");
        var population = await warehouse.Database.ScalarAsync<long>("select population_2020 from dim_region where region_code = '620100'");

        var card = Html.Section(lanzhou, "data-measure=\"funding_total\"", "</article>");
        Assert.Contains($"每万人：{ChineseFormat.Number(api!.Rows.Single().Value!.Value * 10_000m / population)}万元", card);
        Assert.Contains("每万人：无人口数据", Html.Section(yingze, "data-measure=\"funding_total\"", "</article>"));
        Assert.DoesNotContain("每万人：", Html.Section(await Html.GetAsync(client, "/region/620100?year=2024"), "data-measure=\"funding_total\"", "</article>"));
    }

    [Fact]
    public async Task Per_capita_on_an_analysis_page_adds_amounts_per_ten_thousand_residents()
    {
        var html = await Html.GetAsync(client, "/participation?year=2024&regions=620100,140100&per=capita");

        var panel = Html.Section(html, "data-chart=\"2024年科普工作人员构成\"", "</section>");
        Assert.Contains("科技志愿者·每万人", panel);
        Assert.Contains("人次/万人", panel);
    }

    /// <summary>
    /// The values of the chart series named <paramref name="name"/> in the panel's ECharts option (a value, or an item
    /// carrying its value and its change on the year before).
    /// </summary>
    private static decimal?[] Series(string panel, string name)
    {
        var match = Regex.Match(panel, $"\"name\":\"{Regex.Escape(name)}\"[^\\]]*?\"data\":(\\[[^\\]]*\\])");
        Assert.True(match.Success, $"no series {name} in the chart");
        using var data = JsonDocument.Parse(match.Groups[1].Value);
        static decimal? Value(JsonElement e) => e.ValueKind switch
        {
            JsonValueKind.Null => null,
            JsonValueKind.Object => Value(e.GetProperty("value")),
            _ => e.GetDecimal(),
        };
        return [.. data.RootElement.EnumerateArray().Select(Value)];
    }
}
