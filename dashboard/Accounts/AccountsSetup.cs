using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Npgsql;
using ScienceWeek.Accounts;

namespace ScienceWeek.Dashboard.Accounts;

/// <summary>
/// Sign-in for the whole dashboard: nothing but <c>/healthz</c>, the sign-in page and static assets is served to anonymous
/// requests (pages redirect to the sign-in page, the API and downloads answer 401), and every request of a signed-in
/// account passes the region scope check (<see cref="RegionScopeCheck"/>).
/// </summary>
public static class AccountsSetup
{
    public const string SignInPath = "/account/login";
    public const string NoAccessPath = "/no-access";
    public const string SubmitPolicy = "submit";
    public const string AdminPolicy = "admin";
    private const string Smart = "ScienceWeek";

    public static WebApplicationBuilder AddDashboardAccounts(this WebApplicationBuilder builder)
    {
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddAccounts(sp => sp.GetRequiredService<NpgsqlDataSource>())
            .AddSignInManager()
            .AddClaimsPrincipalFactory<AccountClaims>();
        builder.Services.AddDataProtection().SetApplicationName("ScienceWeek").PersistKeysToDbContext<AccountsDbContext>();
        builder.Services.AddAuthentication(o =>
            {
                o.DefaultScheme = Smart;
                o.DefaultChallengeScheme = Smart;
                o.DefaultForbidScheme = Smart;
            })
            .AddPolicyScheme(Smart, "cookie or API token", o => o.ForwardDefaultSelector = context =>
                context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                    ? ApiTokenHandler.SchemeName
                    : IdentityConstants.ApplicationScheme)
            .AddScheme<AuthenticationSchemeOptions, ApiTokenHandler>(ApiTokenHandler.SchemeName, null)
            .AddIdentityCookies();
        builder.Services.ConfigureApplicationCookie(o =>
        {
            o.Cookie.Name = "scienceweek";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.LoginPath = SignInPath;
            o.AccessDeniedPath = NoAccessPath;
            o.ExpireTimeSpan = TimeSpan.FromHours(8);
            o.SlidingExpiration = true;
            // Machines get status codes, people get pages.
            o.Events.OnRedirectToLogin = context => Answer(context, StatusCodes.Status401Unauthorized);
            o.Events.OnRedirectToAccessDenied = context => Answer(context, StatusCodes.Status403Forbidden);
        });
        // A disabled account's cookie stops working within a minute (its security stamp changes).
        builder.Services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.FromMinutes(1));
        builder.Services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddPolicy(SubmitPolicy, p => p.RequireAuthenticatedUser().RequireRole("admin", "uploader"))
            .AddPolicy(AdminPolicy, p => p.RequireAuthenticatedUser().RequireRole("admin"));
        builder.Services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            // Sign-in attempts: 10 a minute from one address, whatever the user name (lockout covers one account).
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
                HttpMethods.IsPost(context.Request.Method) && context.Request.Path.Equals(SignInPath, StringComparison.OrdinalIgnoreCase)
                    ? RateLimitPartition.GetFixedWindowLimiter(context.Connection.RemoteIpAddress?.ToString() ?? "", _ =>
                        new FixedWindowRateLimiterOptions { PermitLimit = 10, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 })
                    : RateLimitPartition.GetNoLimiter(""));
        });
        return builder;
    }

    /// <summary>Authentication, the scope check, then routing and authorization (the check may send a page to "no access").</summary>
    public static WebApplication UseDashboardAccounts(this WebApplication app)
    {
        app.UseRateLimiter();
        app.UseAuthentication();
        app.UseMiddleware<RegionScopeCheck>();
        app.UseRouting();
        app.UseAuthorization();
        return app;
    }

    public static IEndpointRouteBuilder MapAccounts(this IEndpointRouteBuilder app)
    {
        app.MapPost("/account/logout", async (HttpContext context, SignInManager<Account> signIn, IAntiforgery antiforgery) =>
        {
            await antiforgery.ValidateRequestAsync(context);
            await signIn.SignOutAsync();
            return Results.Redirect(SignInPath);
        }).DisableAntiforgery();
        return app;
    }

    /// <summary>API, downloads and uploads are for programs: a status code instead of a redirect.</summary>
    public static bool IsMachinePath(PathString path) =>
        path.StartsWithSegments("/api") || path.StartsWithSegments("/download") || path.StartsWithSegments("/files")
        || path.StartsWithSegments("/publish") && Path.HasExtension(path.Value);

    /// <summary>A bare status code for a program: the HTML status-code pages are for people.</summary>
    public static void MachineStatus(HttpContext context, int status)
    {
        context.Response.StatusCode = status;
        if (context.Features.Get<Microsoft.AspNetCore.Diagnostics.IStatusCodePagesFeature>() is { } pages)
        {
            pages.Enabled = false;
        }
    }

    private static Task Answer(Microsoft.AspNetCore.Authentication.RedirectContext<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions> context, int status)
    {
        if (IsMachinePath(context.Request.Path))
        {
            MachineStatus(context.HttpContext, status);
        }
        else
        {
            context.Response.Redirect(context.RedirectUri);
        }
        return Task.CompletedTask;
    }
}
