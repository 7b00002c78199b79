using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Playwright;

namespace ScienceWeek.Dashboard.Publishing;

/// <summary>
/// Prints a page of this server to PDF with Chromium (Debian's /usr/bin/chromium through Playwright, never a downloaded
/// browser). The browser starts on the first print and stays for the process; each print opens its own tab on the server's
/// loopback address, so the PDF is exactly the print page with the fonts Chromium used (Noto CJK) embedded.
/// </summary>
public sealed class PagePrinter(IServer server, IConfiguration configuration) : IAsyncDisposable
{
    private readonly SemaphoreSlim starting = new(1, 1);
    private IPlaywright? playwright;
    private IBrowser? browser;

    /// <summary>Prints <paramref name="path"/> as the caller sees it: the caller's cookie or API token goes with the request.</summary>
    public async Task<byte[]> PrintAsync(string path, IReadOnlyDictionary<string, string> credentials, CancellationToken cancellationToken)
    {
        var chromium = await BrowserAsync(cancellationToken);
        var page = await chromium.NewPageAsync(new() { Locale = "zh-CN", ExtraHTTPHeaders = credentials });
        try
        {
            await page.GotoAsync(BaseAddress() + path, new() { WaitUntil = WaitUntilState.NetworkIdle });
            // Page numbers “— 1 —” centred in the bottom margin, as official documents number their pages.
            return await page.PdfAsync(new()
            {
                Format = "A4",
                PrintBackground = true,
                PreferCSSPageSize = true,
                DisplayHeaderFooter = true,
                HeaderTemplate = "<span></span>",
                FooterTemplate = "<div style=\"width:100%;text-align:center;font-size:14pt;font-family:'Noto Serif CJK SC',serif\">— <span class=\"pageNumber\"></span> —</div>",
            });
        }
        finally
        {
            await page.CloseAsync();
        }
    }

    private async Task<IBrowser> BrowserAsync(CancellationToken cancellationToken)
    {
        if (browser is { IsConnected: true })
        {
            return browser;
        }
        await starting.WaitAsync(cancellationToken);
        try
        {
            if (browser is not { IsConnected: true })
            {
                playwright ??= await Playwright.CreateAsync();
                browser = await playwright.Chromium.LaunchAsync(new()
                {
                    ExecutablePath = configuration["Publishing:Chromium"] ?? "/usr/bin/chromium",
                    Headless = true,
                    Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
                });
            }
            return browser;
        }
        finally
        {
            starting.Release();
        }
    }

    /// <summary>The server's own first address, with a wildcard host replaced by the loopback address.</summary>
    private string BaseAddress()
    {
        var address = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
            ?? throw new InvalidOperationException("The server has no address to print its own pages from.");
        var uri = new UriBuilder(address.Replace("://*", "://127.0.0.1", StringComparison.Ordinal).Replace("://+", "://127.0.0.1", StringComparison.Ordinal));
        if (uri.Host is "0.0.0.0" or "[::]" or "::")
        {
            uri.Host = "127.0.0.1";
        }
        return uri.Uri.GetLeftPart(UriPartial.Authority);
    }

    public async ValueTask DisposeAsync()
    {
        if (browser is not null)
        {
            await browser.CloseAsync();
        }
        playwright?.Dispose();
        starting.Dispose();
    }
}
