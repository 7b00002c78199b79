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
    public async Task A_county_clerk_drops_another_countys_form_and_a_file_named_like_markup_and_each_is_refused_as_text()
    {
        var clerk = await site.AddAccountAsync("chengguan-clerk-drop", AccountRole.Uploader, "620102");
        var (page, errors) = await site.OpenAsAsync(clerk, "/upload");
        var qilihe = await File.ReadAllBytesAsync(Path.Combine(PageWarehouse.FormsFolder, "七里河区2024年科技活动周统计表.xlsx"));

        // Drag and drop as the browser delivers it: a drop event whose DataTransfer carries the files.
        var transfer = await page.EvaluateHandleAsync(
            """
            ([form, name]) => {
              const transfer = new DataTransfer();
              transfer.items.add(new File([Uint8Array.from(atob(form), c => c.charCodeAt(0))], '七里河区2024年科技活动周统计表.xlsx'));
              transfer.items.add(new File(['not a spreadsheet'], name));
              return transfer;
            }
            """, new object[] { Convert.ToBase64String(qilihe), "<img src=x onerror=\"window.injected=1\">.xlsx" });
        await page.DispatchEventAsync("[data-dropzone]", "dragover", new { dataTransfer = transfer });
        await page.DispatchEventAsync("[data-dropzone]", "drop", new { dataTransfer = transfer });
        var reports = page.Locator("[data-report]");
        await Microsoft.Playwright.Assertions.Expect(reports).ToHaveCountAsync(2, new() { Timeout = 30_000 });
        await BrowserSite.ScreenshotAsync(page, "upload-dropped");
        var outOfScope = await page.Locator("[data-report]", new() { HasText = "七里河区2024年科技活动周统计表.xlsx" }).InnerTextAsync();
        var injected = await page.EvaluateAsync<bool>("() => window.injected === 1 || document.querySelector('[data-reports] img') !== null");
        var progress = await page.Locator("[data-progress]").GetAttributeAsync("value");

        Assert.Contains("未通过", outOfScope, StringComparison.Ordinal);
        Assert.Contains("不在本账号的报送范围", outOfScope, StringComparison.Ordinal);
        Assert.Contains("620103", outOfScope, StringComparison.Ordinal);
        Assert.Equal(2, await page.Locator("[data-report=rejected]").CountAsync());
        Assert.False(injected);
        Assert.Equal("100", progress);
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
