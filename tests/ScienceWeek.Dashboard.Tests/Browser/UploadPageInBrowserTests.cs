using ScienceWeek.Accounts;
using ScienceWeek.Dashboard.Tests.Pages;

namespace ScienceWeek.Dashboard.Tests.Browser;

/// <summary>The upload page as a city clerk uses it in Chromium: choose files, see each file's check report.</summary>
[Collection(BrowserSiteGroup.Name)]
public sealed class UploadPageInBrowserTests(BrowserSite site)
{
    [Fact]
    public async Task A_clerk_uploads_two_forms_at_once_and_sees_each_check_report_with_the_cell_of_the_problem()
    {
        var clerk = await site.AddAccountAsync("lanzhou-clerk-browser", AccountRole.Uploader, "620100");
        var cookies = await site.SignInAsync(clerk);
        var page = await site.NewPageAsync(new() { Locale = "zh-CN", ViewportSize = new() { Width = 1200, Height = 900 } }, cookies);
        var errors = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                errors.Add(message.Text);
            }
        };
        page.PageError += (_, error) => errors.Add(error);

        await page.GotoAsync(site.BaseUrl + "/upload");
        await page.Locator("[data-files]").SetInputFilesAsync(
        [
            Path.Combine(PageWarehouse.FormsFolder, PageWarehouse.RejectedFile),
            Path.Combine(PageWarehouse.FormsFolder, "城关区2024年科技活动周统计表.xlsx"),
        ]);
        var reports = page.Locator("[data-report]");
        await Microsoft.Playwright.Assertions.Expect(reports).ToHaveCountAsync(2, new() { Timeout = 30_000 });
        await BrowserSite.ScreenshotAsync(page, "upload-reports");
        var rejected = await page.Locator("[data-report=rejected]").InnerTextAsync();
        var duplicate = await page.Locator("[data-report]", new() { HasText = "城关区2024年科技活动周统计表.xlsx" }).InnerTextAsync();

        Assert.Contains(PageWarehouse.RejectedFile, rejected, StringComparison.Ordinal);
        Assert.Contains("未通过", rejected, StringComparison.Ordinal);
        Assert.Matches(@"［[^］]+![A-Z]+[0-9]+］", rejected);
        Assert.Contains("与已入库文件相同", duplicate, StringComparison.Ordinal);
        Assert.Contains("620102", duplicate, StringComparison.Ordinal);
        // Items are named as the form names them, not by their codes.
        Assert.Contains("科普活动开展次数（次）：30", duplicate, StringComparison.Ordinal);
        Assert.DoesNotContain("activities", duplicate, StringComparison.Ordinal);
        Assert.Empty(errors);
    }

    [Fact]
    public async Task A_viewer_opening_the_upload_page_sees_the_Chinese_no_access_page()
    {
        var page = await site.NewPageAsync();

        var response = await page.GotoAsync(site.BaseUrl + "/upload");

        Assert.Equal(403, response!.Status);
        Assert.Contains("无权访问", await page.Locator("h1").InnerTextAsync(), StringComparison.Ordinal);
    }
}
