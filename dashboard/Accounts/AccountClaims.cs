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

    /// <summary>The cookie's principal, made once at sign-in: Identity's own claims, then the account's role and scope.</summary>
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(Account user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        AddScope(identity, user);
        return identity;
    }

    /// <summary>
    /// The principal of an API request, made on every request from the account its token found: the account's id, name,
    /// role and scope, without the look-ups of Identity's factory (the account's stored claims, which ScienceWeek does not
    /// use; the security stamp, which only the cookie checks).
    /// </summary>
    public static ClaimsPrincipal ForToken(Account user, IdentityOptions options, string scheme)
    {
        var types = options.ClaimsIdentity;
        var identity = new ClaimsIdentity(scheme, types.UserNameClaimType, types.RoleClaimType);
        identity.AddClaim(new Claim(types.UserIdClaimType, user.Id));
        identity.AddClaim(new Claim(types.UserNameClaimType, user.UserName ?? ""));
        AddScope(identity, user);
        return new ClaimsPrincipal(identity);
    }

    private static void AddScope(ClaimsIdentity identity, Account user)
    {
        identity.AddClaim(new Claim(ClaimTypes.Role, AccountRoles.Name(user.Role)));
        identity.AddClaim(new Claim(Region, user.RegionCode));
    }
}

public static class PrincipalAccount
{
    /// <summary>The account's region scope; an authenticated principal always has one.</summary>
    public static string RegionScopeCode(this ClaimsPrincipal user) => user.FindFirstValue(AccountClaims.Region) ?? "";

    public static bool CanSubmit(this ClaimsPrincipal user) => user.IsInRole("admin") || user.IsInRole("uploader");

    public static bool IsAdmin(this ClaimsPrincipal user) => user.IsInRole("admin");

    /// <summary>A role's name on the pages: 管理员, 报送, 查看.</summary>
    public static string RoleZh(string? role) => role switch { "admin" => "管理员", "uploader" => "报送", _ => "查看" };

    public static string RoleZh(this ClaimsPrincipal user) => RoleZh(user.FindFirstValue(ClaimTypes.Role));
}
