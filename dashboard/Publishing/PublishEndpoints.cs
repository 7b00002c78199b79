using System.Globalization;

namespace ScienceWeek.Dashboard.Publishing;

// GET /publish/{code}/{year}/statistics.xlsx   the region's 附件2 统计表 with its 汇总明细 sheet
//     /publish/{code}/{year}/featured.xlsx     the 附件1 推荐表: at most five of the region's and its sub-units' recommendations
//     /publish/{code}/{year}/summary.docx      the drafted 总结报告 in the layout of official documents
//     /publish/{code}/{year}/summary.pdf       Chromium's print of the page /publish/{code}/{year}
public static class PublishEndpoints
{
    private const string Xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    private const string Docx = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

    public static IServiceCollection AddPublishing(this IServiceCollection services)
    {
        services.AddSingleton<PublishQuery>();
        services.AddSingleton<PagePrinter>();
        return services;
    }

    public static IEndpointRouteBuilder MapPublishing(this IEndpointRouteBuilder app)
    {
        app.MapGet("/publish/{code}/{year}/statistics.xlsx", async (string code, string year, PublishQuery query, CancellationToken ct) =>
        {
            var (data, error) = await LoadAsync(code, year, query, ct);
            if (error is not null)
            {
                return error;
            }
            var bytes = StatisticsWorkbook.Build(data!);
            return Results.File(bytes, Xlsx, FileName(data!, "开展情况统计表", "xlsx"));
        });
        app.MapGet("/publish/{code}/{year}/featured.xlsx", async (string code, string year, PublishQuery query, CancellationToken ct) =>
        {
            var (data, error) = await LoadAsync(code, year, query, ct);
            return error ?? Results.File(FeaturedWorkbook.Build(data!), Xlsx, FileName(data!, "特色活动推荐表", "xlsx"));
        });
        app.MapGet("/publish/{code}/{year}/summary.docx", async (string code, string year, PublishQuery query, CancellationToken ct) =>
        {
            var (data, error) = await LoadAsync(code, year, query, ct);
            if (error is not null)
            {
                return error;
            }
            var bytes = SummaryDocument.Build(SummaryReport.Draft(data!));
            return Results.File(bytes, Docx, FileName(data!, "科技活动周总结报告", "docx"));
        });
        app.MapGet("/publish/{code}/{year}/summary.pdf", async (string code, string year, HttpRequest request, PublishQuery query, PagePrinter printer, CancellationToken ct) =>
        {
            var (data, error) = await LoadAsync(code, year, query, ct);
            if (error is not null)
            {
                return error;
            }
            // The print page is read as the caller: its sign-in (cookie or API token) goes with Chromium's request.
            var credentials = CredentialHeaders
                .Where(name => request.Headers.ContainsKey(name))
                .ToDictionary(name => name, name => request.Headers[name].ToString(), StringComparer.Ordinal);
            var bytes = await printer.PrintAsync($"/publish/{Uri.EscapeDataString(data!.Region.Code)}/{data.Year.ToString(CultureInfo.InvariantCulture)}", credentials, ct);
            return Results.File(bytes, "application/pdf", FileName(data!, "科技活动周总结报告", "pdf"));
        });
        return app;
    }

    private static readonly string[] CredentialHeaders = ["Cookie", "Authorization"];

    private static string FileName(PublishData data, string what, string extension) =>
        $"{data.Region.Name}{data.Year.ToString(CultureInfo.InvariantCulture)}年{what}.{extension}";

    /// <summary>The region's data, or a 404 in Chinese naming what was not found (an unknown code, a year outside 2001-2100).</summary>
    public static async Task<(PublishData? Data, IResult? Error)> LoadAsync(
        string code, string yearText, PublishQuery query, CancellationToken ct)
    {
        if (!int.TryParse(yearText, NumberStyles.None, CultureInfo.InvariantCulture, out var year) || year is < 2001 or > 2100)
        {
            return (null, Results.Problem(detail: "年份无效：请给出科技活动周年份，例如 2024。", statusCode: StatusCodes.Status404NotFound));
        }
        if (await query.GetAsync(code, year, ct) is not { } data)
        {
            return (null, Results.Problem(detail: "未知的地区代码：请使用行政区划代码，例如 620100。", statusCode: StatusCodes.Status404NotFound));
        }
        return (data, null);
    }
}
