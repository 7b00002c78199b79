using System.Globalization;
using ScienceWeek.Dashboard.Api;
using ScienceWeek.Dashboard.Downloads;
using ScienceWeek.Dashboard.Values;
using ScienceWeek.Warehouse.Model;

namespace ScienceWeek.Dashboard.Progress;

// GET /api/v1/progress?parent=620100&year=2024[&format=csv]
//
// {"parent", "year", "deadline", "rows": [...], "totals": {...}}: one row per expected reporter directly under parent (each
// county-level division, functional zone and department of the reference data), whether and when its statistics form came
// against the region's deadline. parent goes through the region scope check like every region a request names; without
// it, the account's own region (the nation for a nation-wide account). year is required.

public static class ProgressApi
{
    public static IEndpointRouteBuilder MapProgressApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/progress", async (HttpContext context, Catalogue catalogue, ProgressQuery progress, CancellationToken cancellationToken) =>
        {
            var query = context.Request.Query;
            var format = query["format"].ToString();
            if (format.Length > 0 && format is not ("json" or "csv"))
            {
                return ValuesRequest.Problem($"Unknown format '{format}': use json or csv.", $"未知的格式“{format}”：请使用 json 或 csv。");
            }
            if (ScienceWeekYears.Parse(query["year"].ToString()) is not { } year)
            {
                return ValuesRequest.Problem("Missing or invalid year: give a science-week year such as year=2024.", "缺少或无效的年份：请给出科技活动周年份，例如 year=2024。");
            }
            var snapshot = await catalogue.GetAsync(cancellationToken);
            var code = ParentOf(query);
            if (snapshot.Region(code) is not { } parent)
            {
                return ValuesRequest.Problem($"Unknown region code: {code}. Use GB/T 2260 codes such as 620100.", $"未知的地区代码：{code}。请使用 GB/T 2260 行政区划代码，例如 620100。");
            }
            var report = await progress.ReadAsync(parent.Code, year, cancellationToken);
            if (format == "csv")
            {
                var table = report.Rows.Select(r => new object?[]
                {
                    r.Code, r.Name, r.Kind, r.Statistics?.Status, r.Statistics?.Version,
                    r.Statistics?.SubmittedOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                    r.Statistics?.Timeliness ?? Timeliness.Missing.Code(), r.Statistics?.DaysLate, r.Featured, r.Report, r.Photos, r.Video,
                });
                var csv = TableFile.Csv(["code", "name", "kind", "status", "version", "submitted_on", "timeliness", "days_late", "featured", "report", "photos", "video"], table);
                return Results.Bytes(csv, "text/csv; charset=utf-8", $"progress-{parent.Code}-{year}.csv");
            }
            return Results.Json(report);
        });
        return app;
    }

    /// <summary>parent, else the region the scope check gave a request that named none, else the nation.</summary>
    public static string ParentOf(IQueryCollection query) =>
        query["parent"].ToString() is { Length: > 0 } parent ? parent.Trim()
        : query["regions"].ToString() is { Length: > 0 } regions ? regions.Split(',')[0].Trim()
        : ScienceWeek.Accounts.RegionScope.Nation;
}
