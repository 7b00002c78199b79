using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using ScienceWeek.Testing;

namespace ScienceWeek.Dashboard.Tests.Accounts;

/// <summary>
/// The dashboard on real Kestrel over a warehouse with reference data and no form yet, with its own data folder (archive,
/// quarantine, uploads): what a fresh installation gives the first clerks.
/// </summary>
public sealed class KestrelSite : IAsyncLifetime
{
    private WebApplicationFactory<Program>? factory;

    public TestDatabase Database { get; private set; } = null!;
    public string DataFolder { get; } = Path.Combine(Path.GetTempPath(), "scienceweek-upload-" + Guid.NewGuid().ToString("N")[..12]);
    public Uri BaseAddress { get; private set; } = null!;
    public WebApplicationFactory<Program> Factory => factory!;

    public async Task InitializeAsync()
    {
        Database = await TestCluster.CreateDatabaseAsync();
        Directory.CreateDirectory(DataFolder);
        factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b => b.UseEnvironment("Development")
            .UseSetting("ConnectionStrings:Warehouse", Database.ConnectionString)
            .UseSetting("SCIENCEWEEK_DATA", DataFolder));
        factory.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        factory.StartServer();
        BaseAddress = new Uri(factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
    }

    /// <summary>A plain HTTP client to the Kestrel address: cookies kept, redirects not followed.</summary>
    public HttpClient Anonymous(CookieContainer? cookies = null) =>
        new(new SocketsHttpHandler { AllowAutoRedirect = false, CookieContainer = cookies ?? new CookieContainer(), UseCookies = true }) { BaseAddress = BaseAddress };

    public HttpClient As(TestAccount account)
    {
        var client = Anonymous();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", account.Token);
        return client;
    }

    public Task<TestAccount> AddAsync(string name, ScienceWeek.Accounts.AccountRole role, string region) => TestAccounts.AddAsync(Factory, name, role, region);

    public async Task DisposeAsync()
    {
        if (factory is not null)
        {
            await factory.DisposeAsync();
        }
        await Database.DisposeAsync();
        if (Directory.Exists(DataFolder))
        {
            Directory.Delete(DataFolder, recursive: true);
        }
    }
}

[CollectionDefinition(Name)]
public sealed class KestrelSiteGroup : ICollectionFixture<KestrelSite>
{
    public const string Name = "Dashboard on Kestrel, fresh warehouse";
}
