using Npgsql;

namespace ScienceWeek.Accounts;

/// <summary>
/// The enabled account that holds an API token, asked on every API request (so a disabled account, whose tokens are
/// deleted, is refused at once): one prepared statement on the warehouse's data source, without the DbContext and the
/// Identity services a request would otherwise build for it. Tokens are stored as their SHA-256 (<see cref="AccountDirectory.HashToken"/>).
/// </summary>
public sealed class ApiTokenLookup(NpgsqlDataSource dataSource)
{
    public async Task<Account?> FindAsync(string token, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            select a.id, a.user_name, a.role, a.region_code
            from accounts.api_token t
            join accounts.account a on a.id = t.account_id
            where t.token_hash = $1 and not a.is_disabled
            limit 1
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = AccountDirectory.HashToken(token) });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }
        return new Account
        {
            Id = reader.GetString(0),
            UserName = reader.IsDBNull(1) ? null : reader.GetString(1),
            Role = AccountRoles.Parse(reader.GetString(2)) ?? throw new InvalidOperationException($"Account {reader.GetString(0)} has an unknown role."),
            RegionCode = reader.GetString(3),
        };
    }
}
