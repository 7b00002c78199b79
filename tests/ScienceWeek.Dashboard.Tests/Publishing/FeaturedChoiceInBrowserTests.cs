using Microsoft.Playwright;
using ScienceWeek.Accounts;
using ScienceWeek.Dashboard.Tests.Browser;
using ScienceWeek.Etl.Forms;

namespace ScienceWeek.Dashboard.Tests.Publishing;

/// <summary>
/// Choosing the featured activities a region sends upward, in Chromium: 兰州市 recommends 科技列车兰州行 itself, and 城关区
/// below it recommends three more (one named with markup, which must show as text).
/// </summary>
[Collection(BrowserSiteGroup.Name)]
public sealed class FeaturedChoiceInBrowserTests(BrowserSite site)
{
    private const string ChoosePath = "/publish/620100/2024/featured";

    [Fact]
    public async Task An_uploader_of_Lanzhou_chooses_two_sub_unit_activities_and_the_featured_xlsx_lists_exactly_those_until_the_choice_is_cleared()
    {
        var clerk = await site.AddAccountAsync("lanzhou-publisher", AccountRole.Uploader, "620100");
        var page = await site.NewPageAsync(new() { Locale = "zh-CN" }, await site.SignInAsync(clerk));
        await page.GotoAsync(site.BaseUrl + ChoosePath);

        var before = await CheckedAsync(page);
        var markup = await page.Locator("table.data-table b").CountAsync();
        var listed = await page.Locator("table.data-table tbody tr").AllInnerTextsAsync();
        await page.GetByLabel("选择 科技列车兰州行").UncheckAsync();
        await page.GetByLabel("选择 青少年机器人挑战赛").CheckAsync();
        await page.GetByLabel("选择 <b>科普大篷车</b>进乡村").CheckAsync();
        await SaveAsync(page);
        var notice = await page.Locator("[role=status]").InnerTextAsync();
        var after = await CheckedAsync(page);
        await BrowserSite.ScreenshotAsync(page, "featured-choice-620100-2024");
        var chosenInFile = await FeaturedFileAsync(page);

        foreach (var box in await page.Locator("input[name=choice]").AllAsync())
        {
            await box.UncheckAsync();
        }
        await SaveAsync(page);
        var cleared = await page.Locator("[role=status]").InnerTextAsync();
        var defaultInFile = await FeaturedFileAsync(page);

        Assert.Equal(["科技列车兰州行"], before);
        Assert.Equal(4, listed.Count);
        Assert.Equal(0, markup);
        Assert.Contains(listed, row => row.Contains("<b>科普大篷车</b>进乡村", StringComparison.Ordinal));
        Assert.Equal("已保存：推荐表将列出所选的 2 项活动。", notice);
        Assert.Equal(["青少年机器人挑战赛", "<b>科普大篷车</b>进乡村"], after);
        Assert.Equal(["青少年机器人挑战赛", "<b>科普大篷车</b>进乡村"], chosenInFile);
        Assert.Equal("已清除选择：推荐表将列出本级自己推荐的活动。", cleared);
        Assert.Equal(["科技列车兰州行"], defaultInFile);
    }

    [Fact]
    public async Task A_viewer_sees_the_recommendations_without_a_save_button_and_an_uploader_of_Taiyuan_gets_no_access_even_by_a_forged_post()
    {
        var viewerPage = await site.NewPageAsync();
        await viewerPage.GotoAsync(site.BaseUrl + ChoosePath);
        var boxes = await viewerPage.Locator("input[name=choice]").CountAsync();
        var enabled = await viewerPage.Locator("input[name=choice]:enabled").CountAsync();
        var saveButtons = await viewerPage.GetByRole(AriaRole.Button, new() { Name = "保存选择" }).CountAsync();

        var taiyuan = await site.AddAccountAsync("taiyuan-publisher", AccountRole.Uploader, "140100");
        var taiyuanPage = await site.NewPageAsync(new() { Locale = "zh-CN" }, await site.SignInAsync(taiyuan));
        var opened = await taiyuanPage.GotoAsync(site.BaseUrl + ChoosePath);
        var heading = await taiyuanPage.Locator("h1").InnerTextAsync();
        var forged = await taiyuanPage.APIRequest.PostAsync(site.BaseUrl + ChoosePath, new()
        {
            Form = FormWith(taiyuanPage.APIRequest.CreateFormData(), ("_handler", "featured-choice"), ("choice", "1-1")),
        });

        Assert.Equal(4, boxes);
        Assert.Equal(0, enabled);
        Assert.Equal(0, saveButtons);
        Assert.Equal(403, opened!.Status);
        Assert.Contains("无权访问", heading, StringComparison.Ordinal);
        Assert.Equal(403, forged.Status);
    }

    private static IFormData FormWith(IFormData form, params (string Name, string Value)[] fields)
    {
        foreach (var (name, value) in fields)
        {
            form.Append(name, value);
        }
        return form;
    }

    private static async Task<List<string>> CheckedAsync(IPage page)
    {
        var names = new List<string>();
        foreach (var row in await page.Locator("table.data-table tbody tr").AllAsync())
        {
            if (await row.Locator("input[name=choice]").IsCheckedAsync())
            {
                names.Add(await row.Locator("td").Nth(1).InnerTextAsync());
            }
        }
        return names;
    }

    private static async Task SaveAsync(IPage page)
    {
        // The form posts to the same address: wait for the post's answer, then for the page it renders.
        await page.RunAndWaitForResponseAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "保存选择" }).ClickAsync(),
            response => response.Request.Method == "POST");
        await page.WaitForLoadStateAsync(LoadState.DOMContentLoaded);
    }

    /// <summary>The activities of featured.xlsx as `check` reads them back, downloaded with the page's sign-in.</summary>
    private async Task<List<string>> FeaturedFileAsync(IPage page)
    {
        var response = await page.APIRequest.GetAsync(site.BaseUrl + "/publish/620100/2024/featured.xlsx");
        using var file = new MemoryStream(await response.BodyAsync());
        var read = new FormReader(UnitDirectory.Load(UnitDirectory.DefaultFolder)).Read(file, "featured.xlsx", new ReadContext(), CancellationToken.None);
        Assert.False(read.IsRejected, string.Join("; ", read.Issues.Select(i => i.Message)));
        return [.. read.Activities.Select(a => a.Name)];
    }
}
