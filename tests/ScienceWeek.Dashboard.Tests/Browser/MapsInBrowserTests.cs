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
}
