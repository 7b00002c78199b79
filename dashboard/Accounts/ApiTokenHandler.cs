using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using ScienceWeek.Accounts;

namespace ScienceWeek.Dashboard.Accounts;

/// <summary>
/// <c>Authorization: Bearer TOKEN</c> for scripts: the token's SHA-256 is looked up on every request, so a disabled
/// account (whose tokens are deleted) is refused at once.
/// </summary>
public sealed class ApiTokenHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    ApiTokenLookup tokens, IOptions<IdentityOptions> identity)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiToken";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.NoResult();
        }
        var token = header["Bearer ".Length..].Trim();
        if (token.Length is 0 or > 200)
        {
            return AuthenticateResult.Fail("Malformed token.");
        }
        var account = await tokens.FindAsync(token, Context.RequestAborted);
        if (account is null)
        {
            return AuthenticateResult.Fail("Unknown or revoked token.");
        }
        var principal = AccountClaims.ForToken(account, identity.Value, SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        AccountsSetup.MachineStatus(Context, StatusCodes.Status403Forbidden);
        return Task.CompletedTask;
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        AccountsSetup.MachineStatus(Context, StatusCodes.Status401Unauthorized);
        Response.Headers.WWWAuthenticate = "Bearer";
        return Task.CompletedTask;
    }
}
