using System.Text.Json.Serialization;
using Microsoft.Extensions.Primitives;
using ScienceWeek.Dashboard.Downloads;
using ScienceWeek.Dashboard.Values;
using ScienceWeek.Warehouse.Model;

namespace ScienceWeek.Dashboard.Api;

// GET /api/v1/values?measures=funding_total,participants_total&years=2023,2024&regions=620100,140100,370800
//     /api/v1/values?measures=participants_total&years=2024&level=county&parent=620100
//     ...&format=csv   (UTF-8 with BOM, formula-like text escaped)
//
// measures  required, comma-separated measure codes (dim_measure, Measures.All).
// years     optional, comma-separated science-week years; every year when absent.
// regions   region codes (GB/T 2260, or a zone's local code such as 370800Z1);
// level     province | city | county: every region of that level (below parent when given);
// parent    a region code: with level, its descendants of that level; alone, its direct sub-regions.
//           Given together with regions, level and parent narrow the listed regions.
// Values come through Data/RegionValues from mart_region_value, the warehouse's one number per region, year and measure: reported (the
// region's own form) or derived (the sum of the forms below it that nothing in between covers). Never re-summed here.

/// <summary>One number of the API: a region's value of one measure in one year, and how it was obtained.</summary>
public sealed record ValueRow(
    [property: JsonPropertyName("region")] string Region,
    [property: JsonPropertyName("region_name")] string RegionName,
    [property: JsonPropertyName("year")] int Year,
    [property: JsonPropertyName("measure")] string Measure,
    [property: JsonPropertyName("value")] decimal? Value,
    [property: JsonPropertyName("basis")] string Basis);

public sealed record ValuesResponse([property: JsonPropertyName("rows")] IReadOnlyList<ValueRow> Rows);

/// <summary>Reads and checks the query string shared by the API and the downloads.</summary>
public static class ValuesRequest
{
    private static readonly string[] Levels = ["province", "city", "county"];

    /// <summary>The checked query, or a 400 problem (English and Chinese) naming what was wrong.</summary>
    public static async Task<(RegionValueQuery? Query, IResult? Error)> ParseAsync(
        IQueryCollection query, Catalogue catalogue, CancellationToken cancellationToken)
    {
        var measures = List(query["measures"]);
        var regions = List(query["regions"]);
        var yearTexts = List(query["years"]);
        var level = NullIfEmpty(query["level"]);
        var parent = NullIfEmpty(query["parent"]);

        if (measures.Count == 0)
        {
            return Fail("Missing measures: give measure codes, e.g. measures=funding_total,participants_total.",
                "缺少指标：请用 measures 参数给出指标代码，例如 measures=funding_total,participants_total。");
        }
        var snapshot = await catalogue.GetAsync(cancellationToken);
        var unknownMeasures = measures.Where(m => snapshot.Measure(m) is null).Distinct().ToList();
        if (unknownMeasures.Count > 0)
        {
            return Fail($"Unknown measure codes: {string.Join(", ", unknownMeasures)}. Known codes: {string.Join(", ", snapshot.Measures.Select(m => m.Code))}.",
                $"未知的指标代码：{string.Join("、", unknownMeasures)}。",
                ("unknown_measures", unknownMeasures));
        }

        var years = new List<int>();
        var badYears = new List<string>();
        foreach (var text in yearTexts)
        {
            if (ScienceWeekYears.Parse(text) is { } year)
            {
                years.Add(year);
            }
            else
            {
                badYears.Add(text);
            }
        }
        if (badYears.Count > 0)
        {
            return Fail($"Invalid years: {string.Join(", ", badYears)}. Give science-week years such as 2023,2024.",
                $"无效的年份：{string.Join("、", badYears)}。请给出科技活动周年份，例如 2023,2024。",
                ("invalid_years", badYears));
        }

        if (level is not null && !Levels.Contains(level))
        {
            return Fail($"Unknown level '{level}': use province, city or county.",
                $"未知的层级“{level}”：请使用 province（省）、city（市）或 county（县）。");
        }
        if (regions.Count == 0 && level is null && parent is null)
        {
            return Fail("Missing regions: give regions=620100,140100 or level=county&parent=620100.",
                "缺少地区：请给出 regions=620100,140100 或 level=county&parent=620100。");
        }
        var unknownRegions = (parent is null ? regions : [.. regions, parent])
            .Where(c => snapshot.Region(c) is null).Distinct().ToList();
        if (unknownRegions.Count > 0)
        {
            return Fail($"Unknown region codes: {string.Join(", ", unknownRegions)}. Use GB/T 2260 codes such as 620100.",
                $"未知的地区代码：{string.Join("、", unknownRegions)}。请使用 GB/T 2260 行政区划代码，例如 620100。",
                ("unknown_regions", unknownRegions));
        }
        // The catalogue matches codes case-insensitively (370800z1); the query compares them exactly.
        var canonical = regions.Select(c => snapshot.Region(c)!.Code).Distinct().ToList();
        return (new RegionValueQuery(measures.Distinct().ToList(), years.Count == 0 ? null : years.Distinct().ToList(),
            canonical, level, parent is null ? null : snapshot.Region(parent)!.Code), null);
    }

    private static List<string> List(StringValues values) =>
        values.SelectMany(v => (v ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();

    private static string? NullIfEmpty(StringValues values) =>
        string.IsNullOrWhiteSpace(values.ToString()) ? null : values.ToString().Trim();

    private static (RegionValueQuery?, IResult?) Fail(string english, string chinese, (string Key, List<string> Codes)? codes = null) =>
        (null, Problem(english, chinese, codes));

    public static IResult Problem(string english, string chinese, (string Key, List<string> Codes)? codes = null)
    {
        var extensions = new Dictionary<string, object?> { ["detail_zh"] = chinese };
        if (codes is { } named)
        {
            extensions[named.Key] = named.Codes;
        }
        return Results.Problem(
            title: "Invalid values query / 查询参数有误",
            detail: $"{english} {chinese}",
            statusCode: StatusCodes.Status400BadRequest,
            extensions: extensions);
    }

    /// <summary>numeric(18,4) arrives as 594.5000: drop the trailing zeros so JSON and CSV read 594.5.</summary>
    public static decimal? Normalize(decimal? value) => value / 1.000000000000000000000000000000000m;
}

public static class ValuesApi
{
    public static IEndpointRouteBuilder MapValuesApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/values", async (HttpContext context, Catalogue catalogue, RegionValues values, CancellationToken cancellationToken) =>
        {
            var format = context.Request.Query["format"].ToString();
            if (format.Length > 0 && format is not ("json" or "csv"))
            {
                return ValuesRequest.Problem($"Unknown format '{format}': use json or csv.", $"未知的格式“{format}”：请使用 json 或 csv。");
            }
            var (query, error) = await ValuesRequest.ParseAsync(context.Request.Query, catalogue, cancellationToken);
            if (error is not null)
            {
                return error;
            }
            var rows = (await values.QueryAsync(query!, cancellationToken))
                .Select(r => r.ToApi())
                .ToList();
            if (format == "csv")
            {
                var table = rows.Select(r => new object?[] { r.Region, r.RegionName, r.Year, r.Measure, r.Value, r.Basis });
                var csv = TableFile.Csv(["region", "region_name", "year", "measure", "value", "basis"], table);
                return Results.Bytes(csv, "text/csv; charset=utf-8", "values.csv");
            }
            return Results.Json(new ValuesResponse(rows));
        })
        .WithName("Values");
        return app;
    }
}
