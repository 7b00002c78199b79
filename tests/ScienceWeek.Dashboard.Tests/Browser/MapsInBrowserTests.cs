using System.Globalization;
using System.Text.Json;
using Microsoft.Playwright;

namespace ScienceWeek.Dashboard.Tests.Browser;

[Collection(BrowserSiteGroup.Name)]
public sealed class MapsInBrowserTests(BrowserSite site)
{
    private static async Task<ILocator> MapAsync(IPage page)
    {
        await page.WaitForFunctionAsync("() => [...document.querySelectorAll('[data-map]')].every(el => el.dataset.drawn === 'true')");
        return page.Locator("[data-map]");
    }

    /// <summary>Where on the page (viewport pixels) an area's seat of government lies on the drawn map, scrolled into view.</summary>
    private static async Task<(float X, float Y)> SeatAsync(IPage page, string code)
    {
        var point = await page.EvaluateAsync<float[]>("""
            async (code) => {
              const el = document.querySelector('[data-map]');
              el.scrollIntoView({ block: 'center' });
              const geo = await (await fetch(JSON.parse(el.dataset.map).geo)).json();
              const feature = geo.features.find((f) => String(f.properties.adcode) === code);
              const [x, y] = echarts.getInstanceByDom(el).convertToPixel({ seriesIndex: 0 }, feature.properties.center);
              const box = el.getBoundingClientRect();
              return [box.left + x, box.top + y];
            }
            """, code);
        return (point[0], point[1]);
    }

    /// <summary>A region's value and basis as the values API (not the map) answers it, asked with the page's sign-in.</summary>
    private static async Task<(decimal Value, string Basis)> ApiValueAsync(IPage page, string region, int year, string measure)
    {
        var json = await page.EvaluateAsync<string>(
            "async (url) => await (await fetch(url)).text()", $"/api/v1/values?measures={measure}&years={year}&regions={region}");
        var row = JsonDocument.Parse(json).RootElement.GetProperty("rows")[0];
        return (row.GetProperty("value").GetDecimal(), row.GetProperty("basis").GetString()!);
    }

    [Theory]
    [InlineData("/?year=2024", "000000", 34, "map-nation")]
    [InlineData("/region/620000?year=2024", "620000", 14, "map-gansu")]
    [InlineData("/region/620100?year=2024", "620100", 8, "map-lanzhou")]
    public async Task The_map_draws_every_sub_region_of_the_level_and_matches_each_to_a_region_by_its_code(string path, string region, int areas, string name)
    {
        var (page, errors) = await site.OpenAsync(path);

        var map = await MapAsync(page);
        await BrowserSite.ScreenshotAsync(page, name);

        Assert.Equal(region, await map.GetAttributeAsync("data-region"));
        Assert.Equal(areas.ToString(System.Globalization.CultureInfo.InvariantCulture), await map.GetAttributeAsync("data-features"));
        Assert.Equal(await map.GetAttributeAsync("data-features"), await map.GetAttributeAsync("data-matched"));
        Assert.Equal(1, await map.Locator("canvas").CountAsync());
        Assert.Contains("示意图", await page.Locator(".map-caption").InnerTextAsync());
        Assert.Empty(errors);
        await page.CloseAsync();
    }

    [Theory]
    [InlineData("/?year=2024&measure=participants_total", "620000", "甘肃省")]
    [InlineData("/region/620000?year=2024&measure=participants_total", "620100", "兰州市")]
    public async Task Hovering_an_area_shows_its_value_and_whether_it_was_reported_or_derived(string path, string code, string name)
    {
        var (page, errors) = await site.OpenAsync(path);
        await MapAsync(page);
        var expected = await ApiValueAsync(page, code, 2024, "participants_total");

        var (x, y) = await SeatAsync(page, code);
        await page.Mouse.MoveAsync(x, y);
        var tip = page.Locator(".map-tip", new() { HasText = name });
        await tip.WaitForAsync();
        var text = await tip.InnerTextAsync();
        await BrowserSite.ScreenshotAsync(page, $"map-hover-{code}");

        Assert.Contains($"2024年群众参与合计：{expected.Value.ToString("#,0.##", CultureInfo.InvariantCulture)}人次", text);
        Assert.Contains(expected.Basis == "reported" ? "口径：本级自报" : "口径：下级汇总", text);
        Assert.Contains("2023年", text);
        Assert.Empty(errors);
        await page.CloseAsync();
    }

    [Fact]
    public async Task Clicking_a_province_on_the_national_map_opens_its_page_with_the_map_of_its_cities()
    {
        var (page, errors) = await site.OpenAsync("/?year=2024&measure=participants_total");
        await MapAsync(page);

        var (x, y) = await SeatAsync(page, "620000");
        var navigated = page.WaitForURLAsync(url => url.Contains("/region/620000", StringComparison.Ordinal));
        await page.Mouse.ClickAsync(x, y);
        await navigated;
        await BrowserSite.WaitForChartsAsync(page);
        var map = await MapAsync(page);

        Assert.Contains("year=2024", page.Url);
        Assert.Contains("measure=participants_total", page.Url);
        Assert.StartsWith("甘肃省", await page.Locator("h1").InnerTextAsync());
        Assert.Equal("620000", await map.GetAttributeAsync("data-region"));
        Assert.Equal("14", await map.GetAttributeAsync("data-features"));
        Assert.Empty(errors);
        await page.CloseAsync();
    }

    [Fact]
    public async Task The_picker_finds_a_county_by_name_and_the_overview_then_shows_it()
    {
        var (page, errors) = await site.OpenAsync("/?year=2024");

        await page.Locator("input[data-region-search]").PressSequentiallyAsync("榆中");
        var hit = page.Locator("#region-hits li", new() { HasText = "榆中县" });
        await hit.WaitForAsync();
        var hitText = await hit.InnerTextAsync();
        await hit.DispatchEventAsync("mousedown");
        var field = await page.Locator("input[data-region-search]").InputValueAsync();
        await page.Locator("select[name=regions] option:checked").EvaluateAllAsync<int>("options => { options.forEach(o => o.selected = false); return options.length; }");
        await BrowserSite.ClickAndWaitForUrlAsync(page, page.Locator("form.slicers button[type=submit]"), "620123");
        await BrowserSite.WaitForChartsAsync(page);

        Assert.Contains("甘肃省 兰州市", hitText);
        Assert.Equal("620123", field);
        Assert.Contains("榆中县", await page.Locator("p.lead").InnerTextAsync());
        Assert.Empty(errors);
        await page.CloseAsync();
    }

    [Fact]
    public async Task Regions_without_data_and_zones_without_a_boundary_are_listed_beside_the_map()
    {
        var (page, errors) = await site.OpenAsync("/region/620000?year=2024");
        await MapAsync(page);

        var missing = await page.Locator(".map-missing li").AllInnerTextsAsync();

        Assert.Contains("嘉峪关市", missing);
        Assert.DoesNotContain("兰州市", missing);
        Assert.Empty(errors);
        await page.CloseAsync();
    }

    [Fact]
    public async Task Like_for_like_on_the_map_counts_only_units_that_reported_in_both_years_and_says_how_many_it_kept()
    {
        // 太原市 has a district that reported in 2024 only (the fixture), so Shanxi's map keeps fewer units than reported.
        var (page, errors) = await site.OpenAsync("/region/140000?year=2024&measure=participants_offline&lfl=1");
        var map = await MapAsync(page);

        var spec = JsonDocument.Parse((await map.GetAttributeAsync("data-map"))!).RootElement;
        var areas = spec.GetProperty("areas").EnumerateArray().Where(a => a.GetProperty("value").ValueKind == JsonValueKind.Number).ToList();
        int[] both = [2023, 2024];
        var (kept, reporting) = (0L, 0L);
        foreach (var area in areas)
        {
            var code = area.GetProperty("code").GetString()!;
            kept += await site.Database.ScalarAsync<long>(Pages.YearComparisonTests.UnitsReporting + "select count(*) from in_all", code, both);
            reporting += await site.Database.ScalarAsync<long>(
                Pages.YearComparisonTests.UnitsReporting + "select count(distinct reporting_unit_key) from forms where year = 2024", code, both);
        }
        string KeptSum(int year) => Pages.YearComparisonTests.UnitsReporting + $"""
            select sum(v.value) from forms f join statistics_measure_value v using (submission_key)
            where f.year = {year} and v.measure_code = 'participants_offline' and f.reporting_unit_key in (select reporting_unit_key from in_all)
            """;
        var taiyuan = areas.Single(a => a.GetProperty("code").GetString() == "140100");
        var note = page.Locator(".map-lfl");
        var (x, y) = await SeatAsync(page, "140100");
        await page.Mouse.MoveAsync(x, y);
        var tip = page.Locator(".map-tip", new() { HasText = "太原市" });
        await tip.WaitForAsync();
        await BrowserSite.ScreenshotAsync(page, "map-like-for-like-140000");

        Assert.True(kept < reporting, $"the fixture should have a Shanxi unit that reported in 2024 only ({kept}/{reporting})");
        Assert.Equal(kept.ToString(CultureInfo.InvariantCulture), await note.GetAttributeAsync("data-kept"));
        Assert.Equal(reporting.ToString(CultureInfo.InvariantCulture), await note.GetAttributeAsync("data-reporting"));
        Assert.Contains($"保留 {kept} / {reporting} 个单位", await note.InnerTextAsync());
        Assert.Equal(await site.Database.ScalarAsync<decimal>(KeptSum(2024), "140100", both), taiyuan.GetProperty("value").GetDecimal());
        Assert.Equal(await site.Database.ScalarAsync<decimal>(KeptSum(2023), "140100", both), taiyuan.GetProperty("previous").GetDecimal());
        Assert.Contains("lfl=1", taiyuan.GetProperty("link").GetString());
        var tipText = await tip.InnerTextAsync();
        Assert.Contains("2023年（同口径）", tipText);
        var taiyuanKept = await site.Database.ScalarAsync<long>(Pages.YearComparisonTests.UnitsReporting + "select count(*) from in_all", "140100", both);
        Assert.Equal(taiyuanKept, taiyuan.GetProperty("forms").GetInt64());
        Assert.Contains($"（{taiyuanKept} 份报表）", tipText);
        Assert.Empty(errors);
        await page.CloseAsync();
    }
}
