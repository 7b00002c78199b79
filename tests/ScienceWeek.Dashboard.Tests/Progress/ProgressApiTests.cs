using System.Net;
using System.Text.Json;
using ScienceWeek.Accounts;
using ScienceWeek.Dashboard.Tests.Accounts;
using ScienceWeek.Dashboard.Tests.Pages;

namespace ScienceWeek.Dashboard.Tests.Progress;

/// <summary>
/// GET /api/v1/progress through real HTTP on Kestrel, over a fresh warehouse into which a Lanzhou clerk uploads three
/// county forms for 2024 (deadline 10 June): 城关区 sent on 8 June, 七里河区 on 13 June, 西固区 today (the upload's day);
/// for Taiyuan 2023 (no deadline set) 小店区 and 迎泽区.
/// </summary>
public sealed class ProgressApiTests(ProgressApiTests.UploadedSite uploads) : IClassFixture<ProgressApiTests.UploadedSite>
{
    private readonly KestrelSite site = uploads.Site;
    private readonly HttpClient reader = uploads.Reader;
    private readonly List<JsonElement> uploaded = uploads.Uploaded;

    /// <summary>The site and the uploads, once for the class.</summary>
    public sealed class UploadedSite : IAsyncLifetime
    {
        public KestrelSite Site { get; } = new();
        public HttpClient Reader { get; private set; } = null!;
        public List<JsonElement> Uploaded { get; } = [];

        public async Task InitializeAsync()
        {
            await Site.InitializeAsync();
            var clerk = await Site.AddAsync("lanzhou-progress-clerk", AccountRole.Uploader, "620100");
            var taiyuan = await Site.AddAsync("taiyuan-progress-clerk", AccountRole.Uploader, "140100");
            Reader = Site.As(await Site.AddAsync("progress-reader", AccountRole.Viewer, "000000"));
            using var lanzhou = Site.As(clerk);
            Uploaded.AddRange(await UploadAsync(lanzhou, "城关区2024年科技活动周统计表.xlsx", "2024-06-08"));
            Uploaded.AddRange(await UploadAsync(lanzhou, "七里河区2024年科技活动周统计表.xlsx", "2024-06-13"));
            Uploaded.AddRange(await UploadAsync(lanzhou, "西固区2024年科技活动周统计表.xlsx", null));
            using var taiyuanClient = Site.As(taiyuan);
            Uploaded.AddRange(await UploadAsync(taiyuanClient, "小店区2023年科技活动周统计表.xlsx", "2023-06-09"));
            Uploaded.AddRange(await UploadAsync(taiyuanClient, "迎泽区2023年科技活动周统计表.xlsx", "2023-06-20"));
        }

        public async Task DisposeAsync()
        {
            Reader.Dispose();
            await Site.DisposeAsync();
        }
    }

    [Fact]
    public void An_upload_with_a_submitted_on_day_answers_with_that_day_and_one_without_with_today()
    {
        Assert.All(uploaded, line => Assert.Equal("loaded", line.GetProperty("load").GetString()));
        Assert.Equal("2024-06-08", uploaded[0].GetProperty("submitted_on").GetString());
        Assert.Equal(DateTime.UtcNow.AddHours(8).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), uploaded[2].GetProperty("submitted_on").GetString());
    }

    [Fact]
    public async Task Lanzhou_2024_lists_every_county_zone_and_department_of_the_reference_data_once_with_the_deadline_of_the_notice()
    {
        var progress = await GetAsync("/api/v1/progress?parent=620100&year=2024");
        var expected = await site.Database.ScalarAsync<string[]>("""
            select array_agg(code order by code) from (
                select c.region_code as code from dim_region c join dim_region p on p.region_key = c.parent_region_key where p.region_code = '620100'
                union all
                select u.unit_code from dim_reporting_unit u join dim_region p using (region_key) where p.region_code = '620100' and u.unit_kind = 'department'
            ) e
            """);

        Assert.Equal("620100", progress.GetProperty("parent").GetString());
        Assert.Equal(2024, progress.GetProperty("year").GetInt32());
        Assert.Equal("2024-06-10", progress.GetProperty("deadline").GetString());
        var codes = progress.GetProperty("rows").EnumerateArray().Select(r => r.GetProperty("code").GetString()!).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(expected, codes);
        Assert.Contains("620171", codes);
        Assert.Contains("620100-QX", codes);
        var kinds = progress.GetProperty("rows").EnumerateArray().ToDictionary(r => r.GetProperty("code").GetString()!, r => r.GetProperty("kind").GetString());
        Assert.Equal("county", kinds["620102"]);
        Assert.Equal("zone", kinds["620171"]);
        Assert.Equal("department", kinds["620100-LZU"]);
    }

    [Fact]
    public async Task A_unit_sent_by_the_deadline_is_on_time_one_sent_three_days_after_is_late_by_3_and_one_that_sent_nothing_has_no_statistics()
    {
        var rows = Rows(await GetAsync("/api/v1/progress?parent=620100&year=2024"));

        var chengguan = rows["620102"].GetProperty("statistics");
        Assert.Equal("accepted", chengguan.GetProperty("status").GetString());
        Assert.Equal(1, chengguan.GetProperty("version").GetInt32());
        Assert.Equal("2024-06-08", chengguan.GetProperty("submitted_on").GetString());
        Assert.Equal("on_time", chengguan.GetProperty("timeliness").GetString());
        Assert.Equal(0, chengguan.GetProperty("days_late").GetInt32());
        var qilihe = rows["620103"].GetProperty("statistics");
        Assert.Equal("late", qilihe.GetProperty("timeliness").GetString());
        Assert.Equal(3, qilihe.GetProperty("days_late").GetInt32());
        Assert.Equal("late", rows["620104"].GetProperty("statistics").GetProperty("timeliness").GetString());
        Assert.Equal(JsonValueKind.Null, rows["620111"].GetProperty("statistics").ValueKind);
        Assert.Equal(0, rows["620111"].GetProperty("featured").GetInt32());
    }

    [Fact]
    public async Task The_totals_count_reported_on_time_late_and_missing_and_every_reported_unit_has_its_value_in_the_values_api()
    {
        var progress = await GetAsync("/api/v1/progress?parent=620100&year=2024");
        var totals = progress.GetProperty("totals");
        var reported = progress.GetProperty("rows").EnumerateArray()
            .Where(r => r.GetProperty("statistics").ValueKind == JsonValueKind.Object).Select(r => r.GetProperty("code").GetString()!).ToList();
        var values = await GetAsync($"/api/v1/values?measures=activities&years=2024&regions={string.Join(',', reported)}");

        Assert.Equal(11, totals.GetProperty("expected").GetInt32());
        Assert.Equal(3, totals.GetProperty("reported").GetInt32());
        Assert.Equal(1, totals.GetProperty("on_time").GetInt32());
        Assert.Equal(2, totals.GetProperty("late").GetInt32());
        Assert.Equal(8, totals.GetProperty("missing").GetInt32());
        Assert.Equal(0, totals.GetProperty("no_deadline").GetInt32());
        var withValues = values.GetProperty("rows").EnumerateArray()
            .Where(v => v.GetProperty("basis").GetString() == "reported" && v.GetProperty("value").GetDecimal() > 0)
            .Select(v => v.GetProperty("region").GetString()).Order(StringComparer.Ordinal);
        Assert.Equal(reported.Order(StringComparer.Ordinal), withValues);
    }

    [Fact]
    public async Task Where_no_deadline_is_set_timeliness_reads_no_deadline_and_never_on_time()
    {
        var progress = await GetAsync("/api/v1/progress?parent=140100&year=2023");
        var rows = Rows(progress);

        Assert.Equal(JsonValueKind.Null, progress.GetProperty("deadline").ValueKind);
        Assert.Equal("no_deadline", rows["140105"].GetProperty("statistics").GetProperty("timeliness").GetString());
        Assert.Equal(JsonValueKind.Null, rows["140105"].GetProperty("statistics").GetProperty("days_late").ValueKind);
        Assert.Equal(2, progress.GetProperty("totals").GetProperty("no_deadline").GetInt32());
        Assert.Equal(0, progress.GetProperty("totals").GetProperty("on_time").GetInt32());
    }

    [Fact]
    public async Task The_csv_has_one_line_per_expected_reporter_under_a_header()
    {
        using var response = await reader.GetAsync("/api/v1/progress?parent=620100&year=2024&format=csv");
        var lines = (await response.Content.ReadAsStringAsync()).TrimStart('\uFEFF').Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("code,name,kind,status,version,submitted_on,timeliness,days_late,featured,report,photos,video", lines[0]);
        Assert.Equal(12, lines.Length);
        Assert.Contains(lines, l => l.StartsWith("620103,七里河区,county,accepted,1,2024-06-13,late,3,", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("620111,红古区,county,,,,missing,", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_viewer_of_Taiyuan_asking_for_Lanzhou_gets_403_an_anonymous_request_401_and_a_missing_year_400()
    {
        using var taiyuanViewer = site.As(await site.AddAsync("taiyuan-progress-viewer", AccountRole.Viewer, "140100"));
        using var anonymous = site.Anonymous();

        using var outside = await taiyuanViewer.GetAsync("/api/v1/progress?parent=620100&year=2024");
        using var own = await taiyuanViewer.GetAsync("/api/v1/progress?year=2023");
        using var unauthorized = await anonymous.GetAsync("/api/v1/progress?parent=620100&year=2024");
        using var noYear = await reader.GetAsync("/api/v1/progress?parent=620100");

        Assert.Equal(HttpStatusCode.Forbidden, outside.StatusCode);
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        Assert.Equal("140100", JsonDocument.Parse(await own.Content.ReadAsStringAsync()).RootElement.GetProperty("parent").GetString());
        Assert.Equal(HttpStatusCode.Unauthorized, unauthorized.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, noYear.StatusCode);
    }

    private static Dictionary<string, JsonElement> Rows(JsonElement progress) =>
        progress.GetProperty("rows").EnumerateArray().ToDictionary(r => r.GetProperty("code").GetString()!, r => r);

    private async Task<JsonElement> GetAsync(string url)
    {
        using var response = await reader.GetAsync(url);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private static Task<List<JsonElement>> UploadAsync(HttpClient client, string form, string? submittedOn) =>
        FormUpload.PostAsync(client, Path.Combine(PageWarehouse.FormsFolder, form), submittedOn);
}
