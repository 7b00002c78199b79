using System.Diagnostics;
using ScienceWeek.Dashboard.Tests.Browser;

namespace ScienceWeek.Dashboard.Tests.Publishing;

[Collection(BrowserSiteGroup.Name)]
public sealed class PublishPageInBrowserTests(BrowserSite site)
{
    [Fact]
    public async Task The_print_page_shows_the_drafted_report_with_its_tables_and_charts_without_console_errors()
    {
        var (page, errors) = await site.OpenAsync("/publish/620100/2024");

        var title = await page.Locator("h1").InnerTextAsync();
        var headings = await page.Locator("article h2").AllInnerTextsAsync();
        var charts = await page.Locator("figure.chart svg rect").CountAsync();
        var tables = await page.Locator("figure.table table").CountAsync();
        await BrowserSite.ScreenshotAsync(page, "publish-620100-2024");

        Assert.Equal("兰州市2024年科技活动周工作总结", title);
        Assert.Equal(["一、总体情况", "二、经费投入", "三、群众参与", "四、宣传报道", "五、特色活动", "六、下级报送情况"], headings);
        Assert.Equal(2, tables);
        Assert.True(charts >= 5, $"{charts} bars");
        Assert.Empty(errors);
        await page.CloseAsync();
    }

    [Fact]
    public async Task The_summary_pdf_is_chromium_s_print_with_the_chinese_fonts_embedded()
    {
        using var http = new HttpClient();
        http.DefaultRequestHeaders.Authorization = new("Bearer", site.Viewer.Token);
        var response = await http.GetAsync(site.BaseUrl + "/publish/620100/2024/summary.pdf");
        var pdf = Path.Combine(BrowserSite.Screenshots, "summary-620100-2024.pdf");
        await File.WriteAllBytesAsync(pdf, await response.Content.ReadAsByteArrayAsync());

        var fonts = await RunAsync("pdffonts", pdf);
        var text = await RunAsync("pdftotext", "-layout", pdf, "-");
        await RunAsync("pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", pdf, Path.Combine(BrowserSite.Screenshots, "summary-620100-2024-page"));

        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        // pdffonts lists one font a line after two header lines: name type encoding emb sub uni object ID. Chromium writes
        // the Noto CJK (CFF) glyphs as embedded Type 3 fonts; every font must say "yes" in the emb column.
        var listed = fonts.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(2).ToList();
        Assert.NotEmpty(listed);
        Assert.All(listed, l => Assert.Equal("yes", l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[^5]));
        Assert.Contains("兰州市2024年科技活动周工作总结", text.Replace(" ", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    private static async Task<string> RunAsync(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"{program} exited with {process.ExitCode}: {await process.StandardError.ReadToEndAsync()}");
        return output;
    }
}
