using System.Text.Json;
using Microsoft.AspNetCore.Antiforgery;
using ScienceWeek.Dashboard.Accounts;
using ScienceWeek.Dashboard.Api;
using ScienceWeek.Dashboard.Progress;
using ScienceWeek.Dashboard.Values;
using ScienceWeek.Warehouse.Model;

namespace ScienceWeek.Dashboard.Quality;

// GET  /api/v1/findings?parent=620100&year=2024[&rule=yoy_jump][&state=open]
//      {"rows": [{"id", "code", "name", "year", "rule", "measure", "cell", "message", "state", "reason"}]}: the findings of the
//      forms of parent's units and everything below it. parent goes through the region scope check.
// POST /api/v1/findings/{id}/confirm   {"reason": "…"}: staff (admin, uploader) confirm a finding as correct; it stops
//      counting as open. 403 when the finding's unit is outside the account's region.

public static class FindingsApi
{
    public static IEndpointRouteBuilder MapFindingsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/findings", async (HttpContext context, Catalogue catalogue, Findings findings, CancellationToken cancellationToken) =>
        {
            var query = context.Request.Query;
            var snapshot = await catalogue.GetAsync(cancellationToken);
            var code = ProgressApi.ParentOf(query);
            if (snapshot.Region(code) is not { } parent)
            {
                return ValuesRequest.Problem($"Unknown region code: {code}.", $"未知的地区代码：{code}。");
            }
            int? year = null;
            if (query["year"].ToString() is { Length: > 0 } yearText)
            {
                year = ScienceWeekYears.Parse(yearText);
                if (year is null)
                {
                    return ValuesRequest.Problem("Invalid year: give a science-week year such as year=2024.", "无效的年份：请给出科技活动周年份，例如 year=2024。");
                }
            }
            var rule = query["rule"].ToString() is { Length: > 0 } r ? r : null;
            var state = query["state"].ToString() is { Length: > 0 } s ? s : null;
            if (rule is not null && !Findings.Rules.Contains(rule) || state is not null && !Findings.States.Contains(state))
            {
                return ValuesRequest.Problem($"Unknown rule or state: rule is one of {string.Join(", ", Findings.Rules)}; state one of {string.Join(", ", Findings.States)}.",
                    "未知的规则或状态。");
            }
            return Results.Json(new FindingsResponse(await findings.ReadAsync(parent.Code, year, rule, state, cancellationToken)));
        });

        app.MapPost("/api/v1/findings/{id:long}/confirm", async (long id, HttpContext context, Findings findings, IAntiforgery antiforgery, CancellationToken cancellationToken) =>
        {
            if (!context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                && !await antiforgery.IsRequestValidAsync(context))
            {
                return Results.Json(new { error = "antiforgery", message_zh = "页面已过期，请刷新后重试。" }, statusCode: StatusCodes.Status400BadRequest);
            }
            string? reason;
            try
            {
                using var body = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: cancellationToken);
                reason = body.RootElement.TryGetProperty("reason", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString() : null;
            }
            catch (JsonException)
            {
                reason = null;
            }
            return await findings.ConfirmAsync(id, reason, context.User, cancellationToken) switch
            {
                ConfirmOutcome.Confirmed => Results.Json(new { id, state = "confirmed", reason = reason!.Trim() }),
                ConfirmOutcome.ReasonMissing => Results.Json(new { error = "reason_required", message = $"Give the reason, at most {Findings.MaxReasonLength} characters: {{\"reason\": \"…\"}}.", message_zh = "请说明核实结果（理由），不超过 500 字。" },
                    statusCode: StatusCodes.Status400BadRequest),
                ConfirmOutcome.NotFound => Results.Json(new { error = "not_found", message_zh = $"没有编号为 {id} 的核查结果。" }, statusCode: StatusCodes.Status404NotFound),
                _ => Results.Json(new { error = "region_out_of_scope", message_zh = "该核查结果所属地区不在本账号的权限范围内。" }, statusCode: StatusCodes.Status403Forbidden),
            };
        })
        .RequireAuthorization(AccountsSetup.SubmitPolicy)
        .DisableAntiforgery();
        return app;
    }
}
