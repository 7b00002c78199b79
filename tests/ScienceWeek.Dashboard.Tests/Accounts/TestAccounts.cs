using System.Net.Http.Headers;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using ScienceWeek.Accounts;

namespace ScienceWeek.Dashboard.Tests.Accounts;

/// <summary>A real account of the test's warehouse: its generated password and an API token made for it.</summary>
public sealed record TestAccount(string Name, string Password, string Token, string Region);

/// <summary>
/// Makes real accounts through the dashboard's own account directory (as <c>users add</c> and <c>users token</c> do) and
/// clients that send their token as <c>Authorization: Bearer</c>; browser tests sign in through the sign-in page.
/// </summary>
public static class TestAccounts
{
    public static async Task<TestAccount> AddAsync(WebApplicationFactory<Program> factory, string name, AccountRole role, string region)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var directory = scope.ServiceProvider.GetRequiredService<AccountDirectory>();
        var (account, password) = await directory.AddAsync(name, role, region, CancellationToken.None);
        var token = await directory.CreateTokenAsync(name, CancellationToken.None);
        return new TestAccount(account.User, password, token, account.Region);
    }

    /// <summary>A client of the in-memory test server that sends the account's API token.</summary>
    public static HttpClient CreateClient(this WebApplicationFactory<Program> factory, TestAccount account, bool followRedirects = true)
    {
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = followRedirects });
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", account.Token);
        return client;
    }
}
