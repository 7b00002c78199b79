using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Primitives;
using ScienceWeek.Accounts;
using ScienceWeek.Dashboard.Components.Display;
using ScienceWeek.Dashboard.Uploads;

namespace ScienceWeek.Dashboard.Accounts;

/// <summary>
/// The one place where the region scope is enforced for every page, API answer, download and source file: every region a
/// request names (<c>regions</c>, <c>parent</c>, <c>/region/CODE</c>, <c>/publish/CODE/…</c>) must lie within the account's
/// region, and a kept original (<c>/files/submissions/KEY</c>, <c>/files/attachments/KEY</c>) is given to the account that sent it or whose region holds its unit. The API and downloads answer
/// 403, pages show the Chinese "no access" page; a form posted to a region's page outside the scope answers 403. A request that names no region gets the account's own region, so a
/// default view never shows figures of regions outside the scope.
/// </summary>
public sealed class RegionScopeCheck(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context, RegionScope scope, SourceFiles files)
    {
        var user = context.User;
        if (user.Identity?.IsAuthenticated != true)
        {
            await next(context);
            return;
        }
        // A read names regions in its query and path; a form posted to a region's page names it in the path.
        var reads = HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method);
        var own = user.RegionScopeCode();
        var query = context.Request.Query;
        var named = reads ? Scope.SplitCodes([.. query["regions"].Concat(query["parent"]).OfType<string>()]) : [];
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
        if (SourceFiles.Parse(context.Request.Path) is { } file && own != RegionScope.Nation
            && await files.OwnerAsync(file, context.RequestAborted) is { } owner && owner.Account != user.Identity?.Name
            && (owner.UnitCode is null || !await scope.ContainsAsync(own, owner.UnitCode, context.RequestAborted)))
        {
            await DenyAsync(context, own, owner.UnitCode ?? "—", scope, next);
            return;
        }
        if (reads && own != RegionScope.Nation && named.Count == 0)
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
        if (AccountsSetup.IsMachinePath(context.Request.Path) || !HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method))
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
