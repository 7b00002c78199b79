using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Primitives;
using ScienceWeek.Accounts;
using ScienceWeek.Dashboard.Components.Display;

namespace ScienceWeek.Dashboard.Accounts;

/// <summary>
/// The one place where the region scope is enforced for every page, API answer and download: every region a request names
/// (<c>regions</c>, <c>parent</c>, <c>/region/CODE</c>, <c>/publish/CODE/…</c>) must lie within the account's region. The API and downloads answer
/// 403, pages show the Chinese "no access" page. A request that names no region gets the account's own region, so a
/// default view never shows figures of regions outside the scope.
/// </summary>
public sealed class RegionScopeCheck(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context, RegionScope scope)
    {
        var user = context.User;
        if (user.Identity?.IsAuthenticated != true || !HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method))
        {
            await next(context);
            return;
        }
        var own = user.RegionScopeCode();
        var query = context.Request.Query;
        var named = Scope.SplitCodes([.. query["regions"].Concat(query["parent"]).OfType<string>()]);
        foreach (var regionPath in (string[])["/region", "/publish"])
        {
            if (context.Request.Path.StartsWithSegments(regionPath, out var rest) && rest.Value is { Length: > 1 } code)
            {
                named.Add(Uri.UnescapeDataString(code.TrimStart('/').Split('/')[0]));
            }
        }
        foreach (var region in named)
        {
            if (!await scope.ContainsAsync(own, region, context.RequestAborted))
            {
                await DenyAsync(context, own, region, scope, next);
                return;
            }
        }
        if (own != RegionScope.Nation && named.Count == 0)
        {
            var added = new Dictionary<string, StringValues>(QueryHelpers.ParseQuery(context.Request.QueryString.Value));
            // The API's level lists a level's regions below parent; everything else lists regions.
            added[AccountsSetup.IsMachinePath(context.Request.Path) && query.ContainsKey("level") ? "parent" : "regions"] = own;
            context.Request.QueryString = QueryString.Create(added);
        }
        await next(context);
    }

    private static async Task DenyAsync(HttpContext context, string own, string region, RegionScope scope, RequestDelegate next)
    {
        context.Items[typeof(RegionScopeCheck)] = (own, region);
        if (AccountsSetup.IsMachinePath(context.Request.Path))
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            context.Response.ContentType = "application/json; charset=utf-8";
            var ownName = await scope.NameAsync(own, context.RequestAborted);
            await context.Response.WriteAsync(JsonSerializer.Serialize(new
            {
                error = "region_out_of_scope",
                message = $"Region {region} is outside this account's scope {own}.",
                message_zh = $"地区 {region} 不在本账号的权限范围（{ownName} {own}）内。",
            }), context.RequestAborted);
            return;
        }
        // Routing comes after this check, so the page shown is the "no access" page, with status 403.
        context.Request.Path = AccountsSetup.NoAccessPath;
        context.Request.QueryString = QueryString.Empty;
        await next(context);
    }
}
