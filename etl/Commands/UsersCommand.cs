using System.CommandLine;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using ScienceWeek.Accounts;
using ScienceWeek.Warehouse;

namespace ScienceWeek.Etl.Commands;

/// <summary>
/// <c>users add NAME --role admin|uploader|viewer --region CODE</c>, <c>users token NAME</c>, <c>users list</c>,
/// <c>users disable NAME</c>: account management for admins and scripts. Each prints JSON lines on stdout; a generated
/// password or token is shown only here, once. Exit 0 on success, 1 when the account cannot be made or found, 2 for a usage error.
/// </summary>
public static class UsersCommand
{
    public static Command Create()
    {
        var name = new Argument<string>("name") { Description = "The account's user name (letters, digits, - . _ @)." };
        var role = new Option<string>("--role") { Description = "admin, uploader or viewer.", Required = true };
        var region = new Option<string>("--region") { Description = "The region code the account answers for; 000000 is the whole country.", Required = true };
        var add = new Command("add", "Add an account with a generated password.") { name, role, region };
        add.SetAction((parse, cancellationToken) => RunAsync(async directory =>
        {
            if (AccountRoles.Parse(parse.GetValue(role)) is not { } parsed)
            {
                await Console.Error.WriteLineAsync("The role must be admin, uploader or viewer.");
                return 2;
            }
            var (account, password) = await directory.AddAsync(parse.GetValue(name)!, parsed, parse.GetValue(region)!.Trim(), cancellationToken);
            Print(new { user = account.User, role = account.Role, region = account.Region, password });
            return 0;
        }, cancellationToken));

        var tokenName = new Argument<string>("name");
        var token = new Command("token", "Make a new API token for an account (Authorization: Bearer TOKEN).") { tokenName };
        token.SetAction((parse, cancellationToken) => RunAsync(async directory =>
        {
            var user = parse.GetValue(tokenName)!;
            Print(new { user, token = await directory.CreateTokenAsync(user, cancellationToken) });
            return 0;
        }, cancellationToken));

        var list = new Command("list", "List the accounts, one JSON line each.");
        list.SetAction((_, cancellationToken) => RunAsync(async directory =>
        {
            foreach (var a in await directory.ListAsync(cancellationToken))
            {
                Print(new { user = a.User, role = a.Role, region = a.Region, disabled = a.Disabled, created_at = a.CreatedAt });
            }
            return 0;
        }, cancellationToken));

        var disableName = new Argument<string>("name");
        var disable = new Command("disable", "Disable an account: its tokens stop working at once.") { disableName };
        disable.SetAction((parse, cancellationToken) => RunAsync(async directory =>
        {
            var a = await directory.DisableAsync(parse.GetValue(disableName)!, cancellationToken);
            Print(new { user = a.User, role = a.Role, region = a.Region, disabled = a.Disabled });
            return 0;
        }, cancellationToken));

        return new Command("users", "Manage accounts: add, token, list, disable.") { add, token, list, disable };
    }

    private static readonly JsonSerializerOptions Json = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static void Print(object line) => Console.Out.WriteLine(JsonSerializer.Serialize(line, Json));

    private static async Task<int> RunAsync(Func<AccountDirectory, Task<int>> action, CancellationToken cancellationToken)
    {
        var builder = CommandHost.CreateBuilder();
        builder.AddWarehouse();
        builder.Services.AddAccounts(sp => sp.GetRequiredService<NpgsqlDataSource>());
        await using var services = builder.Services.BuildServiceProvider();
        await services.StartWarehouseAsync(cancellationToken);
        await using var scope = services.CreateAsyncScope();
        try
        {
            return await action(scope.ServiceProvider.GetRequiredService<AccountDirectory>());
        }
        catch (AccountException e)
        {
            await Console.Error.WriteLineAsync(e.Message);
            Print(new { error = e.Code, message = e.Message });
            return 1;
        }
    }
}
