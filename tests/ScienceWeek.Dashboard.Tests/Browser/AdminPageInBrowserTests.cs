using System.Net;
using System.Net.Http.Headers;
using Microsoft.Playwright;
using ScienceWeek.Accounts;
using ScienceWeek.Dashboard.Tests.Accounts;

namespace ScienceWeek.Dashboard.Tests.Browser;

/// <summary>The admin page in Chromium, signed in through the sign-in page as a real admin account.</summary>
[Collection(BrowserSiteGroup.Name)]
public sealed class AdminPageInBrowserTests(BrowserSite site)
{
    [Fact]
    public async Task An_admin_adds_an_uploader_who_signs_in_with_the_shown_password_then_issues_a_token_and_disables_it()
    {
        var admin = await site.AddAccountAsync("browser-admin", AccountRole.Admin, "000000");
        var (page, errors) = await site.OpenAsAsync(admin, "/admin/users");

        await page.GetByLabel("账号名").FillAsync("yuzhong-clerk");
        await page.GetByLabel("角色").SelectOptionAsync("uploader");
        await page.GetByLabel("地区代码").FillAsync("620123");
        await page.GetByRole(AriaRole.Button, new() { Name = "添加" }).ClickAsync();
        var password = await page.Locator("[data-secret=password] [data-secret-value]").InnerTextAsync();
        var row = page.Locator("tr[data-account='yuzhong-clerk']");
        var rowText = await row.InnerTextAsync();
        await BrowserSite.ScreenshotAsync(page, "admin-added");

        // The shown password is the account's: signing in with it reaches the dashboard.
        var clerkCookies = await site.SignInAsync(new TestAccount("yuzhong-clerk", password, "", "620123"));

        await row.GetByRole(AriaRole.Button, new() { Name = "生成令牌" }).ClickAsync();
        var token = await page.Locator("[data-secret=token] [data-secret-value]").InnerTextAsync();
        using var api = new HttpClient { BaseAddress = new Uri(site.BaseUrl) };
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var own = await api.GetAsync("/api/v1/values?measures=activities&regions=620123");
        using var other = await api.GetAsync("/api/v1/values?measures=activities&regions=620102");

        await page.Locator("tr[data-account='yuzhong-clerk']").GetByRole(AriaRole.Button, new() { Name = "停用" }).ClickAsync();
        var state = await page.Locator("tr[data-account='yuzhong-clerk'] [data-state]").InnerTextAsync();
        using var afterDisable = await api.GetAsync("/api/v1/values?measures=activities&regions=620123");
        await BrowserSite.ScreenshotAsync(page, "admin-disabled");

        Assert.Matches("^[A-Za-z0-9._!@#%-]{20}$", password);
        Assert.Contains("报送", rowText, StringComparison.Ordinal);
        Assert.Contains("榆中县（620123）", rowText, StringComparison.Ordinal);
        Assert.NotEmpty(clerkCookies);
        Assert.StartsWith("swk_", token, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, other.StatusCode);
        Assert.Equal("已停用", state);
        Assert.Equal(HttpStatusCode.Unauthorized, afterDisable.StatusCode);
        Assert.Empty(errors);
    }

    [Fact]
    public async Task Adding_a_name_that_exists_or_an_unknown_region_is_refused_in_Chinese_and_adds_nobody()
    {
        var admin = await site.AddAccountAsync("browser-admin-2", AccountRole.Admin, "000000");
        var (page, errors) = await site.OpenAsAsync(admin, "/admin/users");
        var before = await page.Locator("tr[data-account]").CountAsync();

        await page.GetByLabel("账号名").FillAsync("browser-admin-2");
        await page.GetByLabel("地区代码").FillAsync("620100");
        await page.GetByRole(AriaRole.Button, new() { Name = "添加" }).ClickAsync();
        var duplicate = await page.Locator("[data-admin-error]").InnerTextAsync();
        await page.GetByLabel("账号名").FillAsync("nowhere-clerk");
        await page.GetByLabel("地区代码").FillAsync("999999");
        await page.GetByRole(AriaRole.Button, new() { Name = "添加" }).ClickAsync();
        var unknown = await page.Locator("[data-admin-error]").InnerTextAsync();
        var after = await page.Locator("tr[data-account]").CountAsync();

        Assert.Equal("已有同名账号，请换一个账号名。", duplicate);
        Assert.Contains("未知的地区代码 999999", unknown, StringComparison.Ordinal);
        Assert.Equal(before, after);
        Assert.Equal(0, await page.Locator("[data-secret]").CountAsync());
        Assert.Empty(errors);
    }

    [Fact]
    public async Task A_post_to_the_admin_page_without_its_antiforgery_token_changes_nothing()
    {
        var admin = await site.AddAccountAsync("browser-admin-3", AccountRole.Admin, "000000");
        await site.AddAccountAsync("csrf-target", AccountRole.Viewer, "000000");
        var (page, _) = await site.OpenAsAsync(admin, "/admin/users");

        // The admin's own cookies, as a forged cross-site form would send them, but without the page's token.
        var form = page.Context.APIRequest.CreateFormData();
        form.Set("_handler", "account-rows");
        form.Set("Row.Command", "disable:csrf-target");
        var forged = await page.Context.APIRequest.PostAsync(site.BaseUrl + "/admin/users", new() { Form = form });
        await page.ReloadAsync();
        var state = await page.Locator("tr[data-account='csrf-target'] [data-state]").InnerTextAsync();

        Assert.Equal(400, forged.Status);
        Assert.Equal("正常", state);
    }

    [Theory]
    [InlineData(AccountRole.Viewer)]
    [InlineData(AccountRole.Uploader)]
    public async Task Anyone_but_an_admin_sees_the_Chinese_no_access_page_instead_of_the_admin_page(AccountRole role)
    {
        var account = await site.AddAccountAsync($"not-admin-{role}".ToLowerInvariant(), role, "620100");
        var page = await site.NewPageAsync(new() { Locale = "zh-CN" }, await site.SignInAsync(account));

        var response = await page.GotoAsync(site.BaseUrl + "/admin/users");

        Assert.Equal(403, response!.Status);
        Assert.Contains("无权访问", await page.Locator("h1").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await page.Locator("[data-accounts]").CountAsync());
    }
}
