using System.Text;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace ScienceWeek.Accounts;

/// <summary>
/// Accounts, their API tokens and the Data Protection keys (so that several dashboard processes share sign-ins), in the
/// warehouse's own schema <c>accounts</c>, created by warehouse/Sql/010_accounts.sql.
/// </summary>
public sealed class AccountsDbContext(DbContextOptions<AccountsDbContext> options)
    : IdentityUserContext<Account>(options), IDataProtectionKeyContext
{
    public const string Schema = "accounts";

    public DbSet<ApiToken> ApiTokens => Set<ApiToken>();

    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.HasDefaultSchema(Schema);
        builder.Entity<Account>().ToTable("account");
        builder.Entity<Account>().Property(a => a.Role).HasConversion(r => AccountRoles.Name(r), t => AccountRoles.Parse(t)!.Value);
        builder.Entity<Microsoft.AspNetCore.Identity.IdentityUserClaim<string>>().ToTable("account_claim");
        builder.Entity<Microsoft.AspNetCore.Identity.IdentityUserLogin<string>>().ToTable("account_login");
        builder.Entity<Microsoft.AspNetCore.Identity.IdentityUserToken<string>>().ToTable("account_token");
        builder.Entity<ApiToken>(t =>
        {
            t.ToTable("api_token");
            t.HasKey(x => x.ApiTokenKey);
            t.HasIndex(x => x.TokenHash).IsUnique();
        });
        builder.Entity<DataProtectionKey>().ToTable("data_protection_key");
        // SQL in snake_case, like the rest of the warehouse.
        foreach (var entity in builder.Model.GetEntityTypes())
        {
            foreach (var property in entity.GetProperties())
            {
                property.SetColumnName(SnakeCase(property.Name));
            }
        }
    }

    private static string SnakeCase(string name)
    {
        var text = new StringBuilder();
        for (var i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0)
            {
                text.Append('_');
            }
            text.Append(char.ToLowerInvariant(name[i]));
        }
        return text.ToString();
    }
}
