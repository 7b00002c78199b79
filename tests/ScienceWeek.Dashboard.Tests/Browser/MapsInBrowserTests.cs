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

    /// <summary>Moves the mouse onto the centre ECharts gives the area of that adcode.</summary>
    private static async Task HoverAreaAsync(IPage page, ILocator map, string code)
    {
        var point = await map.EvaluateAsync<JsonElement>(
            "(el, code) => { const c = echarts.getInstanceByDom(el); const [x, y] = c.convertToPixel({ seriesIndex: 0 }, code); const r = el.getBoundingClientRect(); return [r.left + x, r.top + y]; }",
            code);
        await page.Mouse.MoveAsync((float)point[0].GetDouble(), (float)point[1].GetDouble());
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

    [Fact]
    public async Task Hovering_a_district_shows_its_value_and_basis_and_a_click_drills_down_to_it()
    {
        var (page, errors) = await site.OpenAsync("/region/620100?year=2024&measure=activities");
        var map = await MapAsync(page);
        var expected = await page.Locator("table.sub-units tr[data-region='620103'] td .cell").First.InnerTextAsync();

        await HoverAreaAsync(page, map, "620103");
        var tip = page.Locator(".map-tip");
        await tip.WaitForAsync(new() { State = WaitForSelectorState.Visible });
        var text = await tip.InnerTextAsync();
        await BrowserSite.ScreenshotAsync(page, "map-lanzhou-hover");
        await BrowserSite.ClickAndWaitForUrlAsync(page, map, "/region/620103");

        Assert.Contains("七里河区", text);
        Assert.Contains("2024年科普活动开展次数：" + new string(expected.Where(char.IsAsciiDigit).ToArray()), text.Replace(",", "", StringComparison.Ordinal));
        Assert.Contains("口径：本级自报", text);
        Assert.StartsWith("七里河区", await page.Locator("h1").InnerTextAsync());
        Assert.Empty(errors);
        await page.CloseAsync();
    }

    [Fact]
    public async Task A_click_on_a_province_of_the_national_map_opens_that_provinces_page_with_its_city_map()
    {
        var (page, errors) = await site.OpenAsync("/?year=2024");
        var map = await MapAsync(page);

        await HoverAreaAsync(page, map, "620000");
        await BrowserSite.ClickAndWaitForUrlAsync(page, map, "/region/620000");
        var cities = await MapAsync(page);

        Assert.StartsWith("甘肃省", await page.Locator("h1").InnerTextAsync());
        Assert.Equal("14", await cities.GetAttributeAsync("data-features"));
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
        await page.Locator("select[name=regions] option:checked").EvaluateAllAsync("options => options.forEach(o => o.selected = false)");
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
}
