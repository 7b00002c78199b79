using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using ScienceWeek.Accounts;

namespace ScienceWeek.Dashboard.Bench;

/// <summary>The bench's own account (an admin of the whole country) and a fresh API token for it, through the accounts library.</summary>
internal static class BenchAccount
{
    private const string Name = "bench-admin";

    public static async Task<string> TokenAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        services.AddAccounts(_ => dataSource);
        await using var provider = services.BuildServiceProvider();
        await using var scope = provider.CreateAsyncScope();
        var accounts = scope.ServiceProvider.GetRequiredService<AccountDirectory>();
        if (!(await accounts.ListAsync(cancellationToken)).Any(a => a.User == Name))
        {
            await accounts.AddAsync(Name, AccountRole.Admin, "000000", cancellationToken);
        }
        return await accounts.CreateTokenAsync(Name, cancellationToken);
    }
}
