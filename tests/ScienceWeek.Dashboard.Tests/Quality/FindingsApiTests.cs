using System.Net;
using System.Text;
using System.Text.Json;
using ScienceWeek.Accounts;
using ScienceWeek.Dashboard.Tests.Accounts;
using ScienceWeek.Dashboard.Tests.Pages;
using ScienceWeek.Testing;

namespace ScienceWeek.Dashboard.Tests.Quality;

/// <summary>
/// The checks that compare a form with the unit's previous year, through real uploads on Kestrel into a fresh warehouse:
/// Taiyuan's 小店区 and 迎泽区 send their 2023 forms, then 2024 forms whose 市级财政经费 is written in 元 (700000 and 450000
/// in the 万元 field, about 11,000 times the year before); 迎泽区 then sends its corrected form.
/// </summary>
public sealed class FindingsApiTests(FindingsApiTests.UploadedSite uploads) : IClassFixture<FindingsApiTests.UploadedSite>
{
    public const string XiaodianSlip = "小店区2024年科技活动周统计表（市级经费误填为元）.xlsx";
    public const string YingzeSlip = "迎泽区2024年科技活动周统计表（初稿）.xlsx";
    public static readonly string Forms = Path.Combine(Repository.Root, "tests", "ScienceWeek.Dashboard.Tests", "Quality", "TestData", "forms");

    private readonly KestrelSite site = uploads.Site;

    public sealed class UploadedSite : IAsyncLifetime
    {
        public KestrelSite Site { get; } = new();
        public TestAccount Clerk { get; private set; } = null!;
        public JsonElement XiaodianLine { get; private set; }
        public JsonElement YingzeCorrected { get; private set; }

        public async Task InitializeAsync()
        {
            await Site.InitializeAsync();
            Clerk = await Site.AddAsync("taiyuan-quality-clerk", AccountRole.Uploader, "140100");
            using var clerk = Site.As(Clerk);
            await UploadAsync(clerk, PageWarehouse.FormsFolder, "小店区2023年科技活动周统计表.xlsx");
            await UploadAsync(clerk, PageWarehouse.FormsFolder, "迎泽区2023年科技活动周统计表.xlsx");
            XiaodianLine = await UploadAsync(clerk, Forms, XiaodianSlip);
            await UploadAsync(clerk, Forms, YingzeSlip);
            YingzeCorrected = await UploadAsync(clerk, PageWarehouse.FormsFolder, "迎泽区2024年科技活动周统计表.xlsx");
        }

        public Task DisposeAsync() => Site.DisposeAsync();
    }

    [Fact]
    public async Task A_funding_value_about_10000_times_the_previous_year_is_accepted_with_unit_slip_listed_by_the_api_and_once_confirmed_is_no_longer_open()
    {
        var line = uploads.XiaodianLine;
        using var staff = site.As(uploads.Clerk);

        var slip = Assert.Single(line.GetProperty("issues").EnumerateArray(), i => i.GetProperty("code").GetString() == "unit_slip");
        var openBefore = await FindingsAsync(staff, "/api/v1/findings?parent=140100&year=2024&state=open");
        var finding = Assert.Single(openBefore, f => f.GetProperty("code").GetString() == "140105");
        using var confirm = await staff.PostAsync($"/api/v1/findings/{finding.GetProperty("id").GetInt64()}/confirm",
            new StringContent("""{"reason": "已电话核实：为元，应为 70 万元，下版更正"}""", Encoding.UTF8, "application/json"));
        var openAfter = await FindingsAsync(staff, "/api/v1/findings?parent=140100&year=2024&state=open");
        var confirmed = Assert.Single(await FindingsAsync(staff, "/api/v1/findings?parent=140100&year=2024&rule=unit_slip"), f => f.GetProperty("code").GetString() == "140105");

        Assert.Equal("loaded", line.GetProperty("load").GetString());
        Assert.Equal("warning", line.GetProperty("status").GetString());
        Assert.Equal("warning", slip.GetProperty("severity").GetString());
        Assert.Equal("Sheet1!C6", slip.GetProperty("cell").GetString());
        Assert.Contains("700000 万元", slip.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal("unit_slip", finding.GetProperty("rule").GetString());
        Assert.Equal("funding_municipal", finding.GetProperty("measure").GetString());
        Assert.Equal(slip.GetProperty("cell").GetString(), finding.GetProperty("cell").GetString());
        Assert.Equal("小店区", finding.GetProperty("name").GetString());
        Assert.Equal(2024, finding.GetProperty("year").GetInt32());
        Assert.Equal(HttpStatusCode.OK, confirm.StatusCode);
        Assert.DoesNotContain(openAfter, f => f.GetProperty("id").GetInt64() == finding.GetProperty("id").GetInt64());
        Assert.Equal("confirmed", confirmed.GetProperty("state").GetString());
        Assert.Equal("已电话核实：为元，应为 70 万元，下版更正", confirmed.GetProperty("reason").GetString());
        Assert.Equal("warning", await site.Database.ScalarAsync<string>("select status from dim_submission where submission_key = $1", line.GetProperty("submission_id").GetInt64()));
    }

    [Fact]
    public async Task The_finding_of_a_form_replaced_by_its_corrected_version_reads_fixed_and_the_corrected_form_has_none()
    {
        using var staff = site.As(uploads.Clerk);

        var yingze = (await FindingsAsync(staff, "/api/v1/findings?parent=140106&year=2024")).ToList();

        var fixedFinding = Assert.Single(yingze);
        Assert.Equal("fixed", fixedFinding.GetProperty("state").GetString());
        Assert.Equal("unit_slip", fixedFinding.GetProperty("rule").GetString());
        Assert.Equal("accepted", uploads.YingzeCorrected.GetProperty("status").GetString());
        Assert.Equal("superseded", uploads.YingzeCorrected.GetProperty("load").GetString());
    }

    [Fact]
    public async Task A_viewer_cannot_confirm_a_finding_a_Lanzhou_uploader_cannot_confirm_one_of_Taiyuan_and_a_reason_is_required()
    {
        using var staff = site.As(uploads.Clerk);
        var id = (await FindingsAsync(staff, "/api/v1/findings?parent=140100&year=2024&rule=unit_slip")).First().GetProperty("id").GetInt64();
        using var viewer = site.As(await site.AddAsync("quality-viewer", AccountRole.Viewer, "000000"));
        using var lanzhou = site.As(await site.AddAsync("quality-lanzhou-clerk", AccountRole.Uploader, "620100"));
        var body = new StringContent("""{"reason": "ok"}""", Encoding.UTF8, "application/json");

        using var byViewer = await viewer.PostAsync($"/api/v1/findings/{id}/confirm", body);
        using var byLanzhou = await lanzhou.PostAsync($"/api/v1/findings/{id}/confirm", new StringContent("""{"reason": "ok"}""", Encoding.UTF8, "application/json"));
        using var withoutReason = await staff.PostAsync($"/api/v1/findings/{id}/confirm", new StringContent("{}", Encoding.UTF8, "application/json"));
        using var outsideList = await lanzhou.GetAsync("/api/v1/findings?parent=140100");

        Assert.Equal(HttpStatusCode.Forbidden, byViewer.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, byLanzhou.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, withoutReason.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, outsideList.StatusCode);
    }

    private static async Task<List<JsonElement>> FindingsAsync(HttpClient client, string url)
    {
        using var response = await client.GetAsync(url);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {(int)response.StatusCode} {text}");
        return [.. JsonDocument.Parse(text).RootElement.GetProperty("rows").EnumerateArray().Select(e => e.Clone())];
    }

    private static async Task<JsonElement> UploadAsync(HttpClient client, string folder, string form) =>
        Assert.Single(await FormUpload.PostAsync(client, Path.Combine(folder, form)));
}
