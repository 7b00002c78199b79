using System.Globalization;
using ScienceWeek.Dashboard.Api;
using ScienceWeek.Dashboard.Data;

namespace ScienceWeek.Dashboard.Downloads;

// The data behind any chart, as a file:
//
//     GET /download/values.csv?measures=funding_total,participants_total&years=2023,2024&regions=620100,140100,370800
//     GET /download/values.xlsx?measures=participants_total&years=2024&level=county&parent=620100&title=兰州市各区县参与人次
//
// The parameters are those of /api/v1/values (measures, years, regions, level, parent; same checks, same 400s),
// plus an optional title that names the file (科技活动周数据 when absent): 兰州市各区县参与人次_2024.xlsx.
// One row per region, year and measure, with Chinese headers: 地区代码, 地区, 年份, 指标, 单位, 数值, 口径, 来源
// (口径 上报 = the region's own form, 汇总 = summed from the forms below it; 来源 = file and sheet!cell of a
// reported value, or how many forms a derived one sums).
// A chart links to both files with the query string it was drawn from.

public static class Downloads
{
    private static readonly string[] Header = ["地区代码", "地区", "年份", "指标", "单位", "数值", "口径", "来源"];

    public static IEndpointRouteBuilder MapDownloads(this IEndpointRouteBuilder app)
    {
        app.MapGet("/download/values.csv", (HttpContext context, Catalogue catalogue, RegionValues values, CancellationToken cancellationToken) =>
            DownloadAsync(context, catalogue, values, "csv", cancellationToken));
        app.MapGet("/download/values.xlsx", (HttpContext context, Catalogue catalogue, RegionValues values, CancellationToken cancellationToken) =>
            DownloadAsync(context, catalogue, values, "xlsx", cancellationToken));
        return app;
    }

    /// <summary>The link to a chart's data: the download URL for the same parameters as the API.</summary>
    public static string Link(string extension, string query) => $"/download/values.{extension}?{query.TrimStart('?')}";

    private static async Task<IResult> DownloadAsync(
        HttpContext context, Catalogue catalogue, RegionValues values, string extension, CancellationToken cancellationToken)
    {
        var (query, error) = await ValuesRequest.ParseAsync(context.Request.Query, catalogue, cancellationToken);
        if (error is not null)
        {
            return error;
        }
        var snapshot = await catalogue.GetAsync(cancellationToken);
        var rows = await values.QueryAsync(query!, cancellationToken);
        var table = rows.Select(r =>
        {
            var measure = snapshot.Measure(r.Measure);
            return (IReadOnlyList<object?>)
            [
                r.Region, r.RegionName, r.Year, measure?.NameZh ?? r.Measure, measure?.UnitZh ?? "",
                ValuesRequest.Normalize(r.Value), r.IsReported ? "上报" : "汇总", Source(r),
            ];
        }).ToList();

        var title = context.Request.Query["title"].ToString().Trim();
        title = title.Length == 0 ? "科技活动周数据" : title;
        var fileName = FileName(title, query!.Years) + "." + extension;
        context.Response.Headers.ContentDisposition = ContentDisposition(fileName, "values." + extension);
        return extension == "csv"
            ? Results.Bytes(TableFile.Csv(Header, table), "text/csv; charset=utf-8")
            : Results.Bytes(TableFile.Xlsx(title, Header, table), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    }

    /// <summary>
    /// RFC 6266 with an RFC 5987 UTF-8 name: browsers take filename*, and old clients get the ASCII fallback.
    /// </summary>
    public static string ContentDisposition(string fileName, string asciiFallback) =>
        $"attachment; filename=\"{asciiFallback}\"; filename*=UTF-8''{Uri.EscapeDataString(fileName)}";

    private static string FileName(string title, IReadOnlyCollection<int>? years)
    {
        var invalid = Path.GetInvalidFileNameChars().Concat("\\/:*?\"<>|").ToHashSet();
        var safe = new string(title.Select(c => invalid.Contains(c) || char.IsControl(c) ? '_' : c).ToArray());
        safe = safe.Length > 60 ? safe[..60] : safe;
        if (years is null || years.Count == 0)
        {
            return safe;
        }
        var sorted = years.Order().ToList();
        var consecutive = sorted[^1] - sorted[0] == sorted.Count - 1;
        var span = sorted.Count == 1
            ? sorted[0].ToString(CultureInfo.InvariantCulture)
            : consecutive
                ? string.Create(CultureInfo.InvariantCulture, $"{sorted[0]}-{sorted[^1]}")
                : string.Join('_', sorted.Select(y => y.ToString(CultureInfo.InvariantCulture)));
        return $"{safe}_{span}";
    }

    private static string Source(RegionValueRow row) => row.IsReported
        ? string.Join(' ', new[] { row.FileName, row.SourceLocation }.Where(p => !string.IsNullOrEmpty(p)))
        : string.Create(CultureInfo.InvariantCulture, $"{row.ContributingForms} 份报表汇总");
}
