using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using ScienceWeek.Accounts;

namespace ScienceWeek.Dashboard.Accounts;

/// <summary>The signed-in account's role and region scope, as claims: the cookie and the API token give the same principal.</summary>
public sealed class AccountClaims(UserManager<Account> users, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<Account>(users, options)
{
    public const string Region = "scienceweek:region";

    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(Account user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim(ClaimTypes.Role, AccountRoles.Name(user.Role)));
        identity.AddClaim(new Claim(Region, user.RegionCode));
        return identity;
    }
}

public static class PrincipalAccount
{
    /// <summary>The account's region scope; an authenticated principal always has one.</summary>
    public static string RegionScopeCode(this ClaimsPrincipal user) => user.FindFirstValue(AccountClaims.Region) ?? "";

    public static bool CanSubmit(this ClaimsPrincipal user) => user.IsInRole("admin") || user.IsInRole("uploader");
}
