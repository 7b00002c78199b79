using Microsoft.Playwright;
using ScienceWeek.Accounts;
using ScienceWeek.Dashboard.Tests.Browser;

namespace ScienceWeek.Dashboard.Tests.Progress;

/// <summary>
/// The progress page (报送进度), the coverage next to the numbers and the admin's deadlines page in Chromium, over the
/// known-forms warehouse: Lanzhou's 城关区, 七里河区 and 西固区 sent their 2024 forms on 10 June (the deadline), Taiyuan's
/// 小店区 and 迎泽区 their 2023 forms on 10 June 2023, for which no deadline is set.
/// </summary>
[Collection(BrowserSiteGroup.Name)]
public sealed class ProgressPageInBrowserTests(BrowserSite site)
{
    [Fact]
    public async Task The_progress_page_lists_every_expected_reporter_of_Lanzhou_with_its_timeliness_and_links_to_its_region_page()
    {
        var (page, errors) = await site.OpenAsync("/progress?parent=620100&year=2024");

        var rows = page.Locator("table.progress tbody tr");
        await Assertions.Expect(rows).ToHaveCountAsync(11);
        await BrowserSite.ScreenshotAsync(page, "progress-lanzhou-2024");
        var onTime = await page.Locator("tr[data-timeliness=on_time]").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.unit)");
        var missing = await page.Locator("tr[data-timeliness=missing]").CountAsync();
        var totals = await page.Locator("[data-totals]").InnerTextAsync();
        var deadline = await page.Locator("[data-deadline]").InnerTextAsync();
        var chengguan = await page.Locator("tr[data-unit='620102']").InnerTextAsync();
        await BrowserSite.ClickAndWaitForUrlAsync(page, page.Locator("tr[data-unit='620103'] th a"), "/region/620103");

        Assert.Equal(["620102", "620103", "620104"], onTime.Order(StringComparer.Ordinal));
        Assert.Equal(8, missing);
        Assert.Equal("已报 3 / 应报 11", totals);
        Assert.Equal("截止日期：2024年6月10日", deadline);
        Assert.Contains("2024年6月10日", chengguan, StringComparison.Ordinal);
        Assert.Contains("按时", chengguan, StringComparison.Ordinal);
        Assert.Contains("七里河区", await page.Locator("h1").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Empty(errors);
    }

    [Fact]
    public async Task The_overview_and_the_region_page_show_the_years_coverage_next_to_the_numbers()
    {
        var (overview, errors) = await site.OpenAsync("/?year=2024&regions=620100,140100");
        var lanzhou = await overview.Locator("[data-progress-coverage]", new() { HasText = "兰州市" }).InnerTextAsync();
        var taiyuan = await overview.Locator("[data-progress-coverage]", new() { HasText = "太原市" }).InnerTextAsync();
        await overview.GotoAsync(site.BaseUrl + "/region/620100?year=2024");
        await BrowserSite.WaitForChartsAsync(overview);
        var regionChip = await overview.Locator("[data-progress-coverage]").InnerTextAsync();
        await BrowserSite.ScreenshotAsync(overview, "region-coverage");

        Assert.Equal("兰州市：下级报送 3/11，按时 3", lanzhou);
        Assert.Equal("太原市：下级报送 3/13，按时 3", taiyuan);
        Assert.Equal("下级报送 3/11，按时 3", regionChip);
        Assert.Empty(errors);
    }

    [Fact]
    public async Task An_admin_sets_a_deadline_in_the_browser_and_the_progress_page_then_judges_against_it()
    {
        var admin = await site.AddAccountAsync("deadline-admin", AccountRole.Admin, "000000");
        var page = await site.NewPageAsync(new() { Locale = "zh-CN", ViewportSize = new() { Width = 1300, Height = 900 } }, await site.SignInAsync(admin));
        await page.GotoAsync(site.BaseUrl + "/progress?parent=140100&year=2023");
        var before = await page.Locator("[data-deadline]").InnerTextAsync();
        var timelinessBefore = await page.Locator("tr[data-unit='140105']").GetAttributeAsync("data-timeliness");

        await BrowserSite.ClickAndWaitForUrlAsync(page, page.GetByRole(AriaRole.Link, new() { Name = "设置截止日期" }), "/progress/deadlines");
        await page.GetByLabel("截止日期").FillAsync("2023-06-10");
        await page.GetByRole(AriaRole.Button, new() { Name = "保存" }).ClickAsync();
        var notice = await page.Locator("[data-deadline-notice]").InnerTextAsync();
        var listed = await page.Locator("tr[data-deadline-row='2023-140100-statistics']").InnerTextAsync();
        await BrowserSite.ScreenshotAsync(page, "deadlines-admin");
        await page.GotoAsync(site.BaseUrl + "/progress?parent=140100&year=2023");
        var after = await page.Locator("[data-deadline]").GetAttributeAsync("data-deadline");
        var timelinessAfter = await page.Locator("tr[data-unit='140105']").GetAttributeAsync("data-timeliness");

        Assert.Equal("未设截止日期", before);
        Assert.Equal("no_deadline", timelinessBefore);
        Assert.Contains("太原市", notice, StringComparison.Ordinal);
        Assert.Contains("deadline-admin", listed, StringComparison.Ordinal);
        Assert.Equal("2023-06-10", after);
        Assert.Equal("on_time", timelinessAfter);
    }

    [Fact]
    public async Task A_viewer_opening_the_deadlines_page_sees_the_Chinese_no_access_page()
    {
        var page = await site.NewPageAsync();

        var response = await page.GotoAsync(site.BaseUrl + "/progress/deadlines");

        Assert.Equal(403, response!.Status);
        Assert.Contains("无权访问", await page.Locator("h1").InnerTextAsync(), StringComparison.Ordinal);
    }
}
