using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace ScienceWeek.Accounts;

/// <summary>An account as listed to admins: never its password or tokens.</summary>
public sealed record AccountRow(string User, string Role, string Region, bool Disabled, DateTimeOffset CreatedAt);

/// <summary>Why an account could not be made or changed, in English for scripts and Chinese for the admin page.</summary>
public sealed class AccountException(string code, string message, string messageZh) : Exception(message)
{
    public string Code { get; } = code;
    public string MessageZh { get; } = messageZh;
}

/// <summary>
/// Managing accounts: the command line (<c>users add|token|list|disable</c>) and the admin page both go through here.
/// Passwords and API tokens are generated, shown once and stored only as hashes.
/// </summary>
public sealed class AccountDirectory(UserManager<Account> users, AccountsDbContext db, RegionScope regions, TimeProvider clock)
{
    public async Task<(AccountRow Account, string Password)> AddAsync(string name, AccountRole role, string region, CancellationToken cancellationToken)
    {
        if (!await regions.ExistsAsync(region, cancellationToken))
        {
            throw new AccountException("unknown_region", $"Unknown region code {region}.", $"未知的地区代码 {region}。");
        }
        var password = GeneratePassword();
        var account = new Account { UserName = name, Role = role, RegionCode = region, CreatedAt = clock.GetUtcNow(), LockoutEnabled = true };
        var result = await users.CreateAsync(account, password);
        if (!result.Succeeded)
        {
            var reasons = string.Join(" ", result.Errors.Select(e => e.Description));
            throw new AccountException(result.Errors.FirstOrDefault()?.Code ?? "invalid", $"Cannot add {name}: {reasons}", $"无法创建账号 {name}：{reasons}");
        }
        return (Row(account), password);
    }

    /// <summary>Makes a new API token for the account; the token is returned once and stored as its SHA-256.</summary>
    public async Task<string> CreateTokenAsync(string name, CancellationToken cancellationToken)
    {
        var account = await FindAsync(name);
        var token = "swk_" + Base64Url(RandomNumberGenerator.GetBytes(32));
        db.ApiTokens.Add(new ApiToken { AccountId = account.Id, TokenHash = HashToken(token), CreatedAt = clock.GetUtcNow() });
        await db.SaveChangesAsync(cancellationToken);
        return token;
    }

    public async Task<IReadOnlyList<AccountRow>> ListAsync(CancellationToken cancellationToken) =>
        [.. (await db.Users.AsNoTracking().OrderBy(a => a.UserName).ToListAsync(cancellationToken)).Select(Row)];

    /// <summary>Disables the account: its tokens stop working at once, its sign-in cookies at the next check of the security stamp.</summary>
    public async Task<AccountRow> DisableAsync(string name, CancellationToken cancellationToken)
    {
        var account = await FindAsync(name);
        account.IsDisabled = true;
        await users.UpdateAsync(account);
        await users.UpdateSecurityStampAsync(account);
        await db.ApiTokens.Where(t => t.AccountId == account.Id).ExecuteDeleteAsync(cancellationToken);
        return Row(account);
    }

    public static string HashToken(string token) => Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(token)));

    private async Task<Account> FindAsync(string name) =>
        await users.FindByNameAsync(name) ?? throw new AccountException("unknown_user", $"No account named {name}.", $"没有名为 {name} 的账号。");

    private static AccountRow Row(Account a) => new(a.UserName ?? "", AccountRoles.Name(a.Role), a.RegionCode, a.IsDisabled, a.CreatedAt);

    /// <summary>20 characters from an alphabet without look-alikes, with at least one of each kind the password rules ask for.</summary>
    private static string GeneratePassword()
    {
        const string lower = "abcdefghijkmnpqrstuvwxyz", upper = "ABCDEFGHJKLMNPQRSTUVWXYZ", digits = "23456789", symbols = "-_.!@#%";
        var all = lower + upper + digits + symbols;
        var chars = new char[20];
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = all[RandomNumberGenerator.GetInt32(all.Length)];
        }
        chars[0] = lower[RandomNumberGenerator.GetInt32(lower.Length)];
        chars[5] = upper[RandomNumberGenerator.GetInt32(upper.Length)];
        chars[10] = digits[RandomNumberGenerator.GetInt32(digits.Length)];
        chars[15] = symbols[RandomNumberGenerator.GetInt32(symbols.Length)];
        return new string(chars);
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
