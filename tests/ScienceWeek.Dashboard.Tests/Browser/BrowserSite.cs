using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using ScienceWeek.Dashboard.Tests.Accounts;
using ScienceWeek.Dashboard.Tests.Pages;

namespace ScienceWeek.Dashboard.Tests.Browser;

/// <summary>
/// The dashboard on real Kestrel over the known-forms warehouse, and Debian's Chromium driven by Playwright
/// (never a downloaded browser). Screenshots go to TestResults/screenshots next to the test binaries.
/// </summary>
public sealed class BrowserSite : IAsyncLifetime
{
    private readonly PageWarehouse warehouse = new();

    /// <summary>Where 七里河区's 2024 activities count came from, as the warehouse recorded it.</summary>
    public (string Sheet, string Cell) QiliheActivitiesSource { get; private set; }
    private WebApplicationFactory<Program>? factory;
    private IPlaywright? playwright;

    public IBrowser Browser { get; private set; } = null!;
    public string BaseUrl { get; private set; } = "";
    public static string Screenshots { get; } = Path.Combine(AppContext.BaseDirectory, "TestResults", "screenshots");

    public async Task InitializeAsync()
    {
        await warehouse.InitializeAsync();
        var source = await warehouse.Database.ScalarAsync<string>("""
            select v.source_sheet || '|' || v.source_cell from mart_region_value v join dim_region r using (region_key)
            where r.region_code = '620103' and v.year = 2024 and v.measure_code = 'activities'
            """);
        QiliheActivitiesSource = (source.Split('|')[0], source.Split('|')[1]);
        factory = warehouse.Factory.WithWebHostBuilder(_ => { });
        factory.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        factory.StartServer();
        BaseUrl = factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
        playwright = await Playwright.CreateAsync();
        Browser = await LaunchAsync(playwright);
        Directory.CreateDirectory(Screenshots);
        signedIn = await SignInAsync(warehouse.Viewer);
    }

    private string? signedIn;

    /// <summary>Debian's Chromium, headless, never a downloaded browser.</summary>
    public static Task<IBrowser> LaunchAsync(IPlaywright playwright) =>
        playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });

    /// <summary>Signs in through the sign-in page as a person would; the cookies it got, for every page opened later.</summary>
    public Task<string> SignInAsync(TestAccount account) => SignInAsync(Browser, BaseUrl, account);

    /// <summary>Signs in on the site at <paramref name="baseUrl"/> through its sign-in page; the cookies it got.</summary>
    public static async Task<string> SignInAsync(IBrowser browser, string baseUrl, TestAccount account)
    {
        await using var context = await browser.NewContextAsync(new() { Locale = "zh-CN" });
        var page = await context.NewPageAsync();
        await page.GotoAsync(baseUrl + "/account/login");
        await page.GetByLabel("账号").FillAsync(account.Name);
        await page.GetByLabel("密码").FillAsync(account.Password);
        await ClickAndWaitForUrlAsync(page, page.GetByRole(AriaRole.Button, new() { Name = "登录" }), baseUrl + "/");
        return await context.StorageStateAsync();
    }

    /// <summary>The warehouse the site reads, for the figures a test computes from the loaded forms.</summary>
    public ScienceWeek.Testing.TestDatabase Database => warehouse.Database;

    /// <summary>The nation-wide viewer every page is opened as.</summary>
    public TestAccount Viewer => warehouse.Viewer;

    /// <summary>A real account in this site's warehouse.</summary>
    public Task<TestAccount> AddAccountAsync(string name, ScienceWeek.Accounts.AccountRole role, string region) => TestAccounts.AddAsync(factory!, name, role, region);

    /// <summary>A new browser page signed in as the nation-wide viewer, or with the cookies of another sign-in.</summary>
    public async Task<IPage> NewPageAsync(BrowserNewContextOptions? options = null, string? storageState = null)
    {
        options ??= new BrowserNewContextOptions();
        options.StorageState = storageState ?? signedIn;
        var context = await Browser.NewContextAsync(options);
        return await context.NewPageAsync();
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }
        playwright?.Dispose();
        if (factory is not null)
        {
            await factory.DisposeAsync();
        }
        await warehouse.DisposeAsync();
    }

    /// <summary>A fresh page that records console errors and uncaught exceptions.</summary>
    public async Task<(IPage Page, List<string> Errors)> OpenAsync(string path)
    {
        var page = await NewPageAsync(new() { ViewportSize = new() { Width = 1400, Height = 1000 }, Locale = "zh-CN" });
        var errors = RecordErrors(page);
        page.RequestFailed += (_, request) => errors.Add($"request failed: {request.Url}");
        await page.GotoAsync(BaseUrl + path);
        await WaitForChartsAsync(page);
        return (page, errors);
    }

    /// <summary>A page opened after signing in as <paramref name="account"/> on the sign-in page, recording console errors.</summary>
    public async Task<(IPage Page, List<string> Errors)> OpenAsAsync(TestAccount account, string path)
    {
        var page = await NewPageAsync(new() { Locale = "zh-CN", ViewportSize = new() { Width = 1300, Height = 900 } }, await SignInAsync(account));
        var errors = RecordErrors(page);
        await page.GotoAsync(BaseUrl + path);
        return (page, errors);
    }

    /// <summary>The console errors and uncaught exceptions of a page, as they happen.</summary>
    public static List<string> RecordErrors(IPage page)
    {
        var errors = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                errors.Add(message.Text);
            }
        };
        page.PageError += (_, error) => errors.Add(error);
        return errors;
    }

    /// <summary>Waits until the page script has drawn every chart of the page.</summary>
    public static async Task WaitForChartsAsync(IPage page) =>
        await page.WaitForFunctionAsync(
            "() => [...document.querySelectorAll('[data-echart]')].every(el => el.dataset.drawn === 'true')");

    /// <summary>
    /// Clicks a link or button and waits for the page it leads to. The wait is armed before the click, so a navigation that
    /// commits at once is not missed; a timeout names the address the page was left at.
    /// </summary>
    public static async Task ClickAndWaitForUrlAsync(IPage page, ILocator target, string urlPart)
    {
        var navigated = page.WaitForURLAsync(url => url.Contains(urlPart, StringComparison.Ordinal));
        await target.ClickAsync();
        try
        {
            await navigated;
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"No navigation to an address containing {urlPart} after the click; the page is at {page.Url}", e);
        }
    }

    public static Task ScreenshotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new() { Path = Path.Combine(Screenshots, name + ".png"), FullPage = true });
}

[CollectionDefinition(Name)]
public sealed class BrowserSiteGroup : ICollectionFixture<BrowserSite>
{
    public const string Name = "Dashboard in Chromium";
}
