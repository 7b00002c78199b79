using System.Globalization;
using ScienceWeek.Dashboard.Api;
using ScienceWeek.Dashboard.Components.Pages.Compare;
using ScienceWeek.Dashboard.Values;

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
//
//     GET /download/like-for-like.xlsx?measures=funding_enterprise&years=2023,2024&regions=620100,140100&title=...
//
// The like-for-like table of /compare (only the units that reported in both years): one measure, two years (the change
// runs from the first to the second), regions by code. One row per region: 地区代码, 地区, 指标, 单位, each year's
// like-for-like value, 同口径增幅（%）, the later year's value over all units, the units counted and reporting in each
// year, and 说明 when the region has no unit that reported in both years.

public static class Downloads
{
    private static readonly string[] Header = ["地区代码", "地区", "年份", "指标", "单位", "数值", "口径", "来源"];

    public static IEndpointRouteBuilder MapDownloads(this IEndpointRouteBuilder app)
    {
        foreach (var extension in (string[])["csv", "xlsx"])
        {
            app.MapGet($"/download/values.{extension}", (HttpContext context, Catalogue catalogue, RegionValues values, CancellationToken cancellationToken) =>
                ValuesAsync(context, catalogue, values, extension, cancellationToken));
            app.MapGet($"/download/like-for-like.{extension}", (HttpContext context, Catalogue catalogue, RegionValues values, CompareQuery compare, CancellationToken cancellationToken) =>
                LikeForLikeAsync(context, catalogue, values, compare, extension, cancellationToken));
        }
        return app;
    }

    /// <summary>The link to a chart's data: the download URL for the same parameters as the API.</summary>
    public static string Link(string extension, string query) => $"/download/values.{extension}?{query.TrimStart('?')}";

    private static async Task<IResult> ValuesAsync(
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
        return File(context, "values", extension, query!.Years, Header, table);
    }

    private static async Task<IResult> LikeForLikeAsync(
        HttpContext context, Catalogue catalogue, RegionValues values, CompareQuery compare, string extension, CancellationToken cancellationToken)
    {
        var (query, error) = await ValuesRequest.ParseAsync(context.Request.Query, catalogue, cancellationToken);
        if (error is not null)
        {
            return error;
        }
        if (query!.Measures.Count != 1 || query.Years?.ToArray() is not [var from, var to] || query.Regions is not { Count: > 0 } codes
            || query.Level is not null || query.Parent is not null)
        {
            return ValuesRequest.Problem(
                "A like-for-like download takes one measure, two years and regions by code, e.g. measures=funding_total&years=2023,2024&regions=620100,140100.",
                "同口径下载需要一个指标、两个年份和地区代码，例如 measures=funding_total&years=2023,2024&regions=620100,140100。");
        }
        var snapshot = await catalogue.GetAsync(cancellationToken);
        var measure = snapshot.Measure(query.Measures.Single())!;
        var likeForLike = await compare.LikeForLikeAsync(codes, from, to, measure.Code, cancellationToken);
        var all = new ValueSet(await values.QueryAsync(query with { Years = [to] }, cancellationToken));
        string[] header =
        [
            "地区代码", "地区", "指标", "单位", $"{from}年（同口径）", $"{to}年（同口径）", "同口径增幅（%）", $"{to}年（全部单位）",
            $"{from}年同口径单位数", $"{from}年报送单位数", $"{to}年同口径单位数", $"{to}年报送单位数", "说明",
        ];
        var table = codes.Select(code =>
        {
            var region = snapshot.Region(code)!;
            var change = likeForLike.Change(region).Value;
            return (IReadOnlyList<object?>)
            [
                region.Code, region.Name, measure.NameZh, measure.UnitZh,
                likeForLike.Cell(region, from).Value, likeForLike.Cell(region, to).Value,
                change is { } c ? RegionValues.Normalize(Math.Round(c * 100, 2, MidpointRounding.AwayFromZero)) : null, all.Value(region.Code, to, measure.Code),
                likeForLike.Units(region.Code, from), likeForLike.AllUnits(region.Code, from),
                likeForLike.Units(region.Code, to), likeForLike.AllUnits(region.Code, to),
                likeForLike.Row(region.Code, to) is null ? likeForLike.Cell(region, to).Note : "",
            ];
        }).ToList();
        return File(context, "like-for-like", extension, [from, to], header, table);
    }

    /// <summary>The table as a CSV or xlsx attachment named for the title parameter and the years.</summary>
    private static IResult File(HttpContext context, string asciiName, string extension, IReadOnlyCollection<int>? years,
        IReadOnlyList<string> header, IReadOnlyList<IReadOnlyList<object?>> table)
    {
        var title = context.Request.Query["title"].ToString().Trim();
        title = title.Length == 0 ? "科技活动周数据" : title;
        var fileName = FileName(title, years) + "." + extension;
        context.Response.Headers.ContentDisposition = ContentDisposition(fileName, asciiName + "." + extension);
        return extension == "csv"
            ? Results.Bytes(TableFile.Csv(header, table), "text/csv; charset=utf-8")
            : Results.Bytes(TableFile.Xlsx(title, header, table), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
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
