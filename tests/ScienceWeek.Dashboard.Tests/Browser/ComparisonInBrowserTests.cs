using System.Text.Json;
using Microsoft.Playwright;
using ScienceWeek.Dashboard.Components.Display;
using ScienceWeek.Dashboard.Tests.Pages;

namespace ScienceWeek.Dashboard.Tests.Browser;

/// <summary>
/// The comparison switches as the browser draws them: the year before as its own series with the change in the data the
/// tooltip reads (prev=1), like for like (lfl=1), per 10,000 residents (per=capita). Expected figures come from the
/// values API and from the loaded forms in the warehouse.
/// </summary>
[Collection(BrowserSiteGroup.Name)]
public sealed class ComparisonInBrowserTests(BrowserSite site)
{
    private const string Regions = "620100,140100,370800";
    private const string Channels = "2024年线下与线上参与人次";
    private static readonly JsonSerializerOptions web = new(JsonSerializerDefaults.Web);

    [Fact]
    public async Task The_channels_chart_with_the_year_before_carries_the_comparison_year_and_the_change_in_its_data()
    {
        var (page, errors) = await site.OpenAsync($"/participation?year=2024&vs=2023&regions={Regions}&prev=1");

        var series = await SeriesAsync(page, Channels);
        var api = await ValuesAsync(page, "participants_offline,participants_online", "2023,2024", Regions);
        var tip = await TooltipAsync(page, Channels, series.FindIndex(s => s.Name == "线下·2024年"), 1);
        await BrowserSite.ScreenshotAsync(page, "participation-channels-year-before");

        var codes = Regions.Split(',');
        var offline2023 = codes.Select(c => api.GetValueOrDefault((c, 2023, "participants_offline"))).ToArray();
        var offline2024 = codes.Select(c => api.GetValueOrDefault((c, 2024, "participants_offline"))).ToArray();
        var online2023 = codes.Select(c => api.GetValueOrDefault((c, 2023, "participants_online"))).ToArray();
        Assert.Equal(offline2023, series.Single(s => s.Name == "线下·2023年").Values);
        Assert.Equal(online2023, series.Single(s => s.Name == "线上·2023年").Values);
        var now = series.Single(s => s.Name == "线下·2024年");
        Assert.Equal(offline2024, now.Values);
        var expectedChange = offline2024.Zip(offline2023, (a, b) => a - b).ToArray();
        Assert.Equal(expectedChange, now.Changes);
        Assert.Equal(offline2024.Zip(offline2023, (a, b) => b is { } y && y != 0 ? (a - y) / y : null).Select(Round).ToArray(), now.Shares.Select(Round).ToArray());
        Assert.Contains(expectedChange, c => c is not null);
        // 太原市's tooltip gives its change on the comparison year, absolute and in %, as the page formats numbers.
        var (taiyuan, taiyuanBefore) = (offline2024[1]!.Value, offline2023[1]!.Value);
        var delta = taiyuan - taiyuanBefore;
        Assert.Contains($"线下·2024年：{ChineseFormat.Count(taiyuan)}（较2023年 {ChineseFormat.WithSign(ChineseFormat.Count(Math.Abs(delta)), delta)}，"
            + $"{ChineseFormat.WithSign(ChineseFormat.Percent(Math.Abs(delta / taiyuanBefore)), delta)}）", tip);
        Assert.Empty(errors);
        await page.CloseAsync();
    }

    [Fact]
    public async Task Like_for_like_on_the_channels_chart_says_how_many_units_it_kept_and_sums_only_theirs()
    {
        var (page, errors) = await site.OpenAsync($"/participation?year=2024&vs=2023&regions={Regions}&prev=1&lfl=1");

        var series = await SeriesAsync(page, Channels);
        var note = await page.Locator($"[data-chart=\"{Channels}\"] p.note").InnerTextAsync();
        int[] both = [2023, 2024];
        var kept = await site.Database.ScalarAsync<long>(YearComparisonTests.UnitsReporting + "select count(*) from in_all", "140100", both);
        var reporting = await site.Database.ScalarAsync<long>(
            YearComparisonTests.UnitsReporting + "select count(distinct reporting_unit_key) from forms where year = 2024", "140100", both);
        string FormsSum(string units) => YearComparisonTests.UnitsReporting + $"""
            select sum(v.value) from forms f join statistics_measure_value v using (submission_key)
            where f.year = 2024 and v.measure_code = 'participants_offline' {units}
            """;
        var keptOffline = await site.Database.ScalarAsync<decimal>(FormsSum("and f.reporting_unit_key in (select reporting_unit_key from in_all)"), "140100", both);
        var allOffline = await site.Database.ScalarAsync<decimal>(FormsSum(""), "140100", both);
        var plain = await SeriesOnAsync($"/participation?year=2024&vs=2023&regions={Regions}&prev=1", Channels);

        // 太原市's number sums its districts' forms; one of them reported in 2024 only.
        Assert.True(kept < reporting, $"the fixture should have a 太原市 unit that reported in 2024 only ({kept}/{reporting})");
        Assert.Contains($"太原市 {kept}/{reporting}", note);
        Assert.Equal(keptOffline, series.Single(s => s.Name == "线下·2024年（同口径）").Values[1]);
        Assert.Equal(allOffline, plain.Single(s => s.Name == "线下·2024年").Values[1]);
        Assert.NotEqual(allOffline, keptOffline);
        Assert.Empty(errors);
        await page.CloseAsync();
    }

    [Fact]
    public async Task Per_capita_on_the_channels_chart_gives_each_channel_per_ten_thousand_residents_and_marks_regions_without_a_population()
    {
        // 迎泽区 140106 has no census population in the reference data; 兰州市 has one.
        var (page, errors) = await site.OpenAsync("/participation?year=2024&vs=2023&regions=620100,140106&per=capita");

        var api = await ValuesAsync(page, "participants_offline", "2024", "620100");
        var population = await site.Database.ScalarAsync<long>("select population_2020 from dim_region where region_code = '620100'");
        var missing = await site.Database.ScalarAsync<long>("select count(*) from dim_region where region_code = '140106' and population_2020 is null");
        var table = page.Locator($"[data-chart=\"{Channels}\"] table");
        var column = await table.Locator("thead th").AllInnerTextsAsync();
        var index = column.ToList().IndexOf("线下·每万人");
        var lanzhou = await table.Locator("tbody tr", new() { HasText = "兰州市" }).Locator("td").Nth(index - 1).InnerTextAsync();
        var yingze = await table.Locator("tbody tr", new() { HasText = "迎泽区" }).Locator("td").Nth(index - 1).InnerTextAsync();

        Assert.True(index > 0, $"no column 线下·每万人 in {string.Join("|", column)}");
        Assert.Equal(1, missing);
        Assert.Contains(ChineseFormat.Number(api[("620100", 2024, "participants_offline")]!.Value * 10_000m / population) + "人次/万人", lanzhou);
        Assert.Contains("无人口数据", yingze);
        Assert.Empty(errors);
        await page.CloseAsync();
    }

    [Theory]
    [InlineData("/?year=2024&vs=2023&regions=620100,140100,370800&measure=funding_enterprise&prev=1", "企业赞助经费：2024年地区排名", "funding_enterprise", "2023")]
    [InlineData("/region/140100?year=2024&measure=participants_total&prev=1", "下级地区群众参与合计（2024年）", "participants_total", "2023")]
    public async Task A_ranking_chart_with_the_year_before_draws_it_as_a_second_lighter_series_with_the_change_in_the_tooltip(
        string path, string chart, string measure, string before)
    {
        var (page, errors) = await site.OpenAsync(path);

        var series = await SeriesAsync(page, chart);
        var regions = await page.EvaluateAsync<string[]>(
            "title => [...document.querySelectorAll(`[data-chart=\"${title}\"] tbody th a`)].map(a => new URL(a.href).pathname.split('/').pop())", chart);
        var api = await ValuesAsync(page, measure, $"{before},2024", string.Join(',', regions));
        var tip = await TooltipAsync(page, chart, 0, 0);
        await BrowserSite.ScreenshotAsync(page, "ranking-year-before-" + measure);

        Assert.Equal(["2024年", $"{before}年"], series.Select(s => s.Name));
        Assert.Equal(regions.Select(r => api.GetValueOrDefault((r, 2024, measure))), series[0].Values);
        Assert.Equal(regions.Select(r => api.GetValueOrDefault((r, int.Parse(before, System.Globalization.CultureInfo.InvariantCulture), measure))), series[1].Values);
        Assert.Equal(series[0].Values.Zip(series[1].Values, (a, b) => a - b), series[0].Changes);
        Assert.NotEqual(series[0].Color, series[1].Color);
        Assert.Contains($"较{before}年", tip);
        Assert.Contains($"{before}年：", tip);
        Assert.Empty(errors);
        await page.CloseAsync();
    }

    /// <summary>The drawn series of a chart on another page, opened and closed for it.</summary>
    private async Task<List<DrawnSeries>> SeriesOnAsync(string path, string chartTitle)
    {
        var (other, errors) = await site.OpenAsync(path);
        var series = await SeriesAsync(other, chartTitle);
        Assert.Empty(errors);
        await other.CloseAsync();
        return series;
    }

    private static decimal? Round(decimal? value) => value is { } v ? Math.Round(v, 6) : null;

    /// <summary>The drawn series of a chart: names, values, and the change each value carries (null where none).</summary>
    private sealed record DrawnSeries(string Name, decimal?[] Values, decimal?[] Changes, decimal?[] Shares, string? Color);

    private static async Task<List<DrawnSeries>> SeriesAsync(IPage page, string chartTitle)
    {
        var json = await page.EvaluateAsync<string>(
            """
            title => {
              const el = document.querySelector(`[data-chart="${title}"] [data-echart]`);
              const value = (d, key) => d !== null && typeof d === 'object' ? (d[key] ?? null) : (key === 'value' ? d : null);
              return JSON.stringify(echarts.getInstanceByDom(el).getOption().series.map(s => ({
                name: s.name,
                values: s.data.map(d => value(d, 'value')),
                changes: s.data.map(d => value(d, 'change')),
                shares: s.data.map(d => value(d, 'changeShare')),
                color: s.itemStyle?.color ?? null,
              })));
            }
            """, chartTitle);
        return JsonSerializer.Deserialize<List<DrawnSeries>>(json, web)!;
    }

    /// <summary>The text of the chart's tooltip over one category, as ECharts shows it on hover.</summary>
    private static async Task<string> TooltipAsync(IPage page, string chartTitle, int seriesIndex, int dataIndex) =>
        await page.EvaluateAsync<string>(
            """
            ([title, seriesIndex, dataIndex]) => new Promise(resolve => {
              const el = document.querySelector(`[data-chart="${title}"] [data-echart]`);
              echarts.getInstanceByDom(el).dispatchAction({ type: 'showTip', seriesIndex, dataIndex });
              setTimeout(() => resolve([...el.querySelectorAll('div')].filter(d => d.style.zIndex === '9999999').map(d => d.innerText).join('\n')), 300);
            })
            """, new object[] { chartTitle, seriesIndex, dataIndex });

    /// <summary>The values API's numbers, by region, year and measure.</summary>
    private static async Task<Dictionary<(string Region, int Year, string Measure), decimal?>> ValuesAsync(IPage page, string measures, string years, string regions)
    {
        var api = JsonSerializer.Deserialize<JsonElement>(await page.EvaluateAsync<string>(
            "url => fetch(url).then(r => r.text())", $"/api/v1/values?measures={measures}&years={years}&regions={regions}"));
        return api.GetProperty("rows").EnumerateArray().ToDictionary(
            r => (r.GetProperty("region").GetString()!, r.GetProperty("year").GetInt32(), r.GetProperty("measure").GetString()!),
            r => r.GetProperty("value").ValueKind == JsonValueKind.Null ? null : (decimal?)r.GetProperty("value").GetDecimal());
    }
}
