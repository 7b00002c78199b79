using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Antiforgery;
using ScienceWeek.Dashboard.Accounts;
using ScienceWeek.Dashboard.Api;
using ScienceWeek.Dashboard.Downloads;
using ScienceWeek.Dashboard.Progress;
using ScienceWeek.Dashboard.Values;
using ScienceWeek.Warehouse.Model;

namespace ScienceWeek.Dashboard.Quality;

// GET  /api/v1/findings?parent=620100&year=2024[&rule=yoy_jump][&state=open][&limit=100][&offset=0][&format=csv]
//      {"rows": [{"id", "code", "name", "year", "rule", "measure", "cell", "message", "state", "reason"}], "total", "limit",
//      "offset", "next", "previous", "counts": {"rule": {...}, "state": {...}}}: one page of the findings of the forms of
//      parent's units and everything below it, newest year first, then by unit, rule and measure. limit is 1-1000 (default
//      100), offset 0 or more; next and previous are the addresses of the neighbouring pages (null at either end). counts
//      are per rule whatever rule says and per state whatever state says. format=csv is the whole filtered list, unpaged.
//      parent goes through the region scope check.
// POST /api/v1/findings/{id}/confirm   {"reason": "…"}: staff (admin, uploader) confirm a finding as correct; it stops
//      counting as open. 403 when the finding's unit is outside the account's region.

public static class FindingsApi
{
    private const string Path = "/api/v1/findings";

    private static readonly string[] CsvHeader = ["id", "code", "name", "year", "rule", "measure", "cell", "message", "state", "reason"];

    private static object?[] CsvRow(FindingRow f) => [f.Id, f.Code, f.Name, f.Year, f.Rule, f.Measure, f.Cell, f.Message, f.State, f.Reason];

    public static IEndpointRouteBuilder MapFindingsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet(Path, async (HttpContext context, Catalogue catalogue, Findings findings, CancellationToken cancellationToken) =>
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
            var format = query["format"].ToString();
            if (format.Length > 0 && format is not ("json" or "csv"))
            {
                return ValuesRequest.Problem($"Unknown format '{format}': use json or csv.", $"未知的格式“{format}”：请使用 json 或 csv。");
            }
            var filter = new FindingsFilter(parent.Code, year, rule, state);
            if (format == "csv")
            {
                return Results.Stream(body => TableFile.WriteCsvAsync(body, CsvHeader, findings.ReadAllAsync(filter, cancellationToken).Select(CsvRow), cancellationToken),
                    "text/csv; charset=utf-8", $"findings-{parent.Code}-{year?.ToString(CultureInfo.InvariantCulture) ?? "all"}.csv");
            }
            var limit = query["limit"].ToString() is { Length: > 0 } limitText ? Findings.ParseCount(limitText) ?? -1 : Findings.DefaultPageSize;
            var offset = query["offset"].ToString() is { Length: > 0 } offsetText ? Findings.ParseCount(offsetText) ?? -1 : 0;
            if (limit is < 1 or > Findings.MaxPageSize || offset < 0)
            {
                return ValuesRequest.Problem($"Invalid limit or offset: limit is a whole number from 1 to {Findings.MaxPageSize} (default {Findings.DefaultPageSize}), offset a whole number from 0.",
                    $"无效的分页参数：limit 为 1 至 {Findings.MaxPageSize} 的整数（默认 {Findings.DefaultPageSize}），offset 为不小于 0 的整数。");
            }
            var page = await findings.ReadPageAsync(filter, limit, offset, cancellationToken);
            return Results.Json(new FindingsResponse(page.Rows, page.Total, page.Limit, page.Offset,
                page.NextOffset is { } next ? filter.Link(Path, next, limit) : null,
                page.PreviousOffset is { } previous ? filter.Link(Path, previous, limit) : null,
                page.Counts));
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
