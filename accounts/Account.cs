using Microsoft.AspNetCore.Identity;

namespace ScienceWeek.Accounts;

/// <summary>The three roles of the system; every account has exactly one.</summary>
public enum AccountRole
{
    /// <summary>Everything, including managing users.</summary>
    Admin,
    /// <summary>Submits forms for one region and everything under it, and views it.</summary>
    Uploader,
    /// <summary>Views one region and everything under it.</summary>
    Viewer,
}

/// <summary>A person or script that signs in: an Identity user with one role and one region scope.</summary>
public sealed class Account : IdentityUser
{
    public AccountRole Role { get; set; }

    /// <summary>The region the account answers for (dim_region.region_code); 000000 is the whole country.</summary>
    public string RegionCode { get; set; } = RegionScope.Nation;

    public bool IsDisabled { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>An API token, stored only as its SHA-256: the token itself is shown once, when it is made.</summary>
public sealed class ApiToken
{
    public long ApiTokenKey { get; set; }
    public string AccountId { get; set; } = "";
    public string TokenHash { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
}

public static class AccountRoles
{
    public static string Name(AccountRole role) => role.ToString().ToLowerInvariant();

    public static AccountRole? Parse(string? text) =>
        Enum.TryParse<AccountRole>(text, ignoreCase: true, out var role) && Enum.IsDefined(role) && !int.TryParse(text, out _) ? role : null;
}
