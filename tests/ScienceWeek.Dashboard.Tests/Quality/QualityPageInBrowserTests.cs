using Microsoft.Playwright;
using ScienceWeek.Accounts;
using ScienceWeek.Dashboard.Tests.Accounts;
using ScienceWeek.Dashboard.Tests.Browser;
using ScienceWeek.Dashboard.Tests.Pages;

namespace ScienceWeek.Dashboard.Tests.Quality;

/// <summary>
/// The data-quality page and the region page's comparison with the units below, in Chromium, over uploads into a fresh
/// warehouse: 小店区 2023, then its 2024 form with 市级财政经费 written in 元 (unit_slip); 城关区, 七里河区 and 西固区 2024, then
/// Lanzhou's own 2024 form whose 线下活动群众参与 (100,000) is below its three districts' 180,000 (children_exceed_parent);
/// a file with no recognisable unit or year; and, for a list longer than a page, one 2023 finding of 小店区 per rule and
/// each of 20 measures (<see cref="ListedFindings"/>).
/// </summary>
public sealed class QualityPageInBrowserTests(QualityPageInBrowserTests.QualitySite site) : IClassFixture<QualityPageInBrowserTests.QualitySite>
{
    public sealed class QualitySite : IAsyncLifetime
    {
        private IPlaywright? playwright;

        public KestrelSite Site { get; } = new();
        public IBrowser Browser { get; private set; } = null!;
        public TestAccount Clerk { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            await Site.InitializeAsync();
            Clerk = await Site.AddAsync("quality-browser-clerk", AccountRole.Uploader, "000000");
            using var clerk = Site.As(Clerk);
            foreach (var form in new[] { "小店区2023年科技活动周统计表.xlsx", "城关区2024年科技活动周统计表.xlsx", "七里河区2024年科技活动周统计表.xlsx", "西固区2024年科技活动周统计表.xlsx" })
            {
                await FormUpload.PostAsync(clerk, Path.Combine(PageWarehouse.FormsFolder, form));
            }
            await FormUpload.PostAsync(clerk, Path.Combine(FindingsApiTests.Forms, FindingsApiTests.XiaodianSlip));
            await FormUpload.PostAsync(clerk, Path.Combine(FindingsApiTests.Forms, "兰州市2024年科技活动周统计表（漏汇总区县）.xlsx"));
            var unplaced = Path.Combine(Site.DataFolder, "说明.csv");
            await File.WriteAllTextAsync(unplaced, "这不是统计表\n");
            await FormUpload.PostAsync(clerk, unplaced);
            await ListedFindings.AddAsync(Site.Database, "140105", 2023, 20);
            playwright = await Playwright.CreateAsync();
            Browser = await BrowserSite.LaunchAsync(playwright);
        }

        public async Task<IPage> SignedInPageAsync(TestAccount account)
        {
            var context = await Browser.NewContextAsync(new()
            {
                Locale = "zh-CN", ViewportSize = new() { Width = 1400, Height = 1000 },
                StorageState = await BrowserSite.SignInAsync(Browser, Site.BaseAddress.ToString().TrimEnd('/'), account),
            });
            return await context.NewPageAsync();
        }

        public async Task DisposeAsync()
        {
            if (Browser is not null)
            {
                await Browser.CloseAsync();
            }
            playwright?.Dispose();
            await Site.DisposeAsync();
        }
    }

    private string BaseUrl => site.Site.BaseAddress.ToString().TrimEnd('/');

    [Fact]
    public async Task Staff_see_each_finding_with_its_cell_and_confirm_one_with_a_reason_after_which_it_is_no_longer_open()
    {
        var page = await site.SignedInPageAsync(site.Clerk);
        var errors = new List<string>();
        page.PageError += (_, error) => errors.Add(error);

        await page.GotoAsync(BaseUrl + "/quality?year=2024");
        var slip = page.Locator("tr[data-rule=unit_slip][data-unit='140105']");
        var slipText = await slip.InnerTextAsync();
        var exceed = await page.Locator("tr[data-rule=children_exceed_parent][data-unit='620100']").InnerTextAsync();
        var openBefore = await page.Locator("[data-open]").GetAttributeAsync("data-open");
        await BrowserSite.ScreenshotAsync(page, "quality-findings");
        await slip.GetByLabel("核实说明").FillAsync("已核实：为元，下版更正");
        await slip.GetByRole(AriaRole.Button, new() { Name = "确认无误" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-quality-notice]")).ToBeVisibleAsync();
        var stateAfter = await page.Locator("tr[data-rule=unit_slip][data-unit='140105']").GetAttributeAsync("data-state");
        var openAfter = await page.Locator("[data-open]").GetAttributeAsync("data-open");

        Assert.Contains("Sheet1!C6", slipText, StringComparison.Ordinal);
        Assert.Contains("疑似把“元”数填进了“万元”栏", slipText, StringComparison.Ordinal);
        Assert.Contains("待核实", slipText, StringComparison.Ordinal);
        Assert.Contains("线下活动群众参与", exceed, StringComparison.Ordinal);
        Assert.Contains("180000", exceed, StringComparison.Ordinal);
        Assert.Equal("confirmed", stateAfter);
        Assert.Equal(int.Parse(openBefore!, System.Globalization.CultureInfo.InvariantCulture) - 1, int.Parse(openAfter!, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Empty(errors);
    }

    [Fact]
    public async Task A_list_longer_than_a_page_shows_its_total_and_the_first_100_and_next_shows_the_rest_with_the_filters_kept()
    {
        var page = await site.SignedInPageAsync(site.Clerk);
        var errors = new List<string>();
        page.PageError += (_, error) => errors.Add(error);
        var total = (int)await site.Site.Database.ScalarAsync<long>("""
            select count(*) from data_finding d join dim_submission s using (submission_key)
            where s.year = 2023 and s.is_current and d.state = 'open'
            """);

        await page.GotoAsync(BaseUrl + "/quality?year=2023&state=open");
        var firstRange = await page.Locator("[data-range]").InnerTextAsync();
        var firstRows = await page.Locator("table.findings tbody tr").CountAsync();
        var hasPrevious = await page.Locator("a[rel=prev]").CountAsync();
        await page.Locator("a[rel=next]").ClickAsync();
        await page.WaitForURLAsync("**offset=100**");
        var secondRange = await page.Locator("[data-range]").InnerTextAsync();
        var secondStates = await page.Locator("table.findings tbody tr").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.state)");
        var secondYears = await page.Locator("table.findings tbody tr td:nth-of-type(1)").AllInnerTextsAsync();
        var url = new Uri(page.Url);
        var stateChosen = await page.Locator("select[name=state]").InputValueAsync();
        var yearGiven = await page.Locator("input[name=year]").InputValueAsync();
        await BrowserSite.ScreenshotAsync(page, "quality-second-page");
        await page.Locator("a[rel=prev]").ClickAsync();
        await page.WaitForURLAsync(u => !u.Contains("offset=", StringComparison.Ordinal));
        var backRange = await page.Locator("[data-range]").InnerTextAsync();

        Assert.True(total is > 100 and < 200, $"{total} open findings of 2023");
        Assert.Equal($"共 {total} 条，第 1-100 条", firstRange);
        Assert.Equal(100, firstRows);
        Assert.Equal(0, hasPrevious);
        Assert.Equal($"共 {total} 条，第 101-{total} 条", secondRange);
        Assert.Equal(total - 100, secondStates.Length);
        Assert.All(secondStates, s => Assert.Equal("open", s));
        Assert.All(secondYears, y => Assert.Equal("2023", y));
        Assert.Equal("?parent=000000&year=2023&state=open&offset=100", url.Query);
        Assert.Equal("open", stateChosen);
        Assert.Equal("2023", yearGiven);
        Assert.Equal(firstRange, backRange);
        Assert.Empty(errors);
    }

    [Fact]
    public async Task A_rejected_file_with_no_unit_or_year_is_listed_with_its_reason()
    {
        var page = await site.SignedInPageAsync(site.Clerk);

        await page.GotoAsync(BaseUrl + "/quality");
        var unplaced = await page.Locator("table.unplaced tbody tr", new() { HasText = "说明.csv" }).InnerTextAsync();

        Assert.Contains("quality-browser-clerk", unplaced, StringComparison.Ordinal);
        Assert.Matches("[\u4e00-\u9fff]{4,}", unplaced);
    }

    [Fact]
    public async Task The_region_page_of_Lanzhou_shows_its_own_figure_beside_the_sum_of_its_districts_and_flags_the_measure_they_exceed()
    {
        var page = await site.SignedInPageAsync(site.Clerk);

        await page.GotoAsync(BaseUrl + "/region/620100?year=2024");
        await BrowserSite.WaitForChartsAsync(page);
        var offline = await page.Locator("#parts tr[data-measure=participants_offline]").InnerTextAsync();
        var exceeding = await page.Locator("#parts tr[data-exceeds=true]").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.measure)");
        await BrowserSite.ScreenshotAsync(page, "region-parts");

        Assert.Contains("10万人次", offline, StringComparison.Ordinal);
        Assert.Contains("18万人次", offline, StringComparison.Ordinal);
        Assert.Contains("+8万人次（下级合计超过本级）", offline, StringComparison.Ordinal);
        Assert.Equal(["participants_offline"], exceeding);
    }
}
