using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using ScienceWeek.Accounts;

namespace ScienceWeek.Dashboard.Tests.Accounts;

/// <summary>Sign-in, API tokens and the region scope, through real HTTP on Kestrel.</summary>
[Collection(KestrelSiteGroup.Name)]
public sealed partial class SignInTests(KestrelSite site)
{
    [Theory]
    [InlineData("/")]
    [InlineData("/funding?year=2024")]
    [InlineData("/region/620100")]
    public async Task An_anonymous_page_request_is_sent_to_the_sign_in_page(string path)
    {
        using var client = site.Anonymous();

        using var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/login", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/v1/values?measures=activities&regions=620100")]
    [InlineData("/download/values.csv?measures=activities&regions=620100")]
    [InlineData("/download/values.xlsx?measures=activities&regions=620100")]
    [InlineData("/publish/620100/2024/summary.docx")]
    [InlineData("/publish/620100/2024/statistics.xlsx")]
    public async Task An_anonymous_api_or_download_request_gets_401(string path)
    {
        using var client = site.Anonymous();

        using var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task The_health_check_stays_open_without_signing_in()
    {
        using var client = site.Anonymous();

        using var response = await client.GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task An_unknown_or_garbled_token_gets_401()
    {
        using var client = site.Anonymous();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "swk_not-a-token");

        using var response = await client.GetAsync("/api/v1/values?measures=activities&regions=620100");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Signing_in_on_the_sign_in_page_gives_a_cookie_that_opens_the_pages()
    {
        var account = await site.AddAsync("signin-viewer", AccountRole.Viewer, "000000");
        var cookies = new CookieContainer();
        using var client = site.Anonymous(cookies);

        using var signedIn = await SignInAsync(client, account.Name, account.Password);
        using var page = await client.GetAsync("/");

        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Equal("/", signedIn.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("全国科技活动周数据看板", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_password_is_refused_in_Chinese_and_five_failures_lock_the_account()
    {
        var account = await site.AddAsync("lockout-viewer", AccountRole.Viewer, "000000");
        using var client = site.Anonymous();

        var refusals = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            using var failed = await SignInAsync(client, account.Name, "Wrong-password-1");
            refusals.Add(await failed.Content.ReadAsStringAsync());
        }
        using var withRightPassword = await SignInAsync(client, account.Name, account.Password);

        Assert.Contains("账号或密码不正确", refusals[0], StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, withRightPassword.StatusCode);
        Assert.Contains("账号已暂时锁定", await withRightPassword.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_sign_in_post_without_the_antiforgery_token_is_refused()
    {
        var account = await site.AddAsync("csrf-viewer", AccountRole.Viewer, "000000");
        using var client = site.Anonymous();

        using var response = await client.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "signin", ["Input.UserName"] = account.Name, ["Input.Password"] = account.Password,
        }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
    }

    [Fact]
    public async Task A_viewer_scoped_to_Taiyuan_gets_403_for_Lanzhou_from_the_api_and_a_Chinese_no_access_page()
    {
        var account = await site.AddAsync("taiyuan-viewer", AccountRole.Viewer, "140100");
        using var client = site.As(account);

        using var api = await client.GetAsync("/api/v1/values?measures=activities&regions=620100");
        using var download = await client.GetAsync("/download/values.csv?measures=activities&regions=140100,620100");
        using var listing = await client.GetAsync("/api/v1/values?measures=activities&level=county&parent=620000");
        using var page = await client.GetAsync("/region/620100");
        using var ownPage = await client.GetAsync("/region/140105");
        using var ownApi = await client.GetAsync("/api/v1/values?measures=activities&regions=140100");

        Assert.Equal(HttpStatusCode.Forbidden, api.StatusCode);
        Assert.Contains("region_out_of_scope", await api.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, download.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, listing.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, page.StatusCode);
        Assert.Contains("无权访问", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, ownPage.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ownApi.StatusCode);
    }

    [Fact]
    public async Task A_viewer_scoped_to_Taiyuan_gets_403_for_the_publishing_documents_of_Lanzhou()
    {
        var account = await site.AddAsync("taiyuan-publisher", AccountRole.Viewer, "140100");
        using var client = site.As(account);

        using var page = await client.GetAsync("/publish/620100/2024");
        using var statistics = await client.GetAsync("/publish/620100/2024/statistics.xlsx");
        using var summary = await client.GetAsync("/publish/620102/2024/summary.docx");
        using var own = await client.GetAsync("/publish/140100/2024/statistics.xlsx");

        Assert.Equal(HttpStatusCode.Forbidden, page.StatusCode);
        Assert.Contains("无权访问", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, statistics.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, summary.StatusCode);
        Assert.NotEqual(HttpStatusCode.Forbidden, own.StatusCode);
    }

    [Fact]
    public async Task A_disabled_account_token_stops_working_at_once()
    {
        var account = await site.AddAsync("soon-disabled", AccountRole.Viewer, "000000");
        using var client = site.As(account);
        using var before = await client.GetAsync("/api/v1/values?measures=activities&regions=620100");

        await using (var scope = site.Factory.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<AccountDirectory>().DisableAsync(account.Name, CancellationToken.None);
        }
        using var after = await client.GetAsync("/api/v1/values?measures=activities&regions=620100");

        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
    }

    /// <summary>Opens the sign-in page and posts its form with the antiforgery token the page carries, as a browser does.</summary>
    public static async Task<HttpResponseMessage> SignInAsync(HttpClient client, string name, string password)
    {
        var form = await client.GetStringAsync("/account/login");
        var token = AntiforgeryField().Match(form).Groups[1].Value;
        return await client.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "signin", ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token),
            ["Input.UserName"] = name, ["Input.Password"] = password,
        }));
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
