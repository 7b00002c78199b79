using System.Net;
using System.Text.Json;
using ScienceWeek.Accounts;
using ScienceWeek.Dashboard.Tests.Accounts;
using ScienceWeek.Dashboard.Tests.Pages;
using ScienceWeek.Testing;
using static ScienceWeek.Dashboard.Tests.Accounts.UploadRequests;

namespace ScienceWeek.Dashboard.Tests.Uploads;

[CollectionDefinition(Name)]
public sealed class AttachmentSiteGroup : ICollectionFixture<KestrelSite>
{
    public const string Name = "Attachments on Kestrel, fresh warehouse";
}

/// <summary>
/// Summary reports, photos and videos sent through POST /api/v1/submissions with a form, through real HTTP on Kestrel; the
/// fixtures are made by ffmpeg and LibreOffice (TestData/make-fixtures.sh).
/// </summary>
[Collection(AttachmentSiteGroup.Name)]
public sealed class AttachmentUploadTests(KestrelSite site)
{
    private static readonly string Fixtures = Path.Combine(Repository.Root, "tests", "ScienceWeek.Dashboard.Tests", "Uploads", "TestData");
    private const string Chengguan = "城关区2024年科技活动周统计表.xlsx";

    [Fact]
    public async Task A_county_form_sent_with_its_report_photos_and_short_videos_keeps_them_for_its_year_and_the_region_page_shows_them()
    {
        var clerk = await site.AddAsync("attach-chengguan", AccountRole.Uploader, "620102");
        var viewer = await site.AddAsync("attach-nation", AccountRole.Viewer, "000000");
        var photo = await FixtureAsync("photo-event.jpg");

        var lines = await ArrayAsync(await site.As(clerk).PostAsync("/api/v1/submissions", Files(
            (Chengguan, await File.ReadAllBytesAsync(Path.Combine(PageWarehouse.FormsFolder, Chengguan))),
            ("城关区2024年科技活动周总结报告.pdf", await FixtureAsync("summary-report.pdf")),
            ("科普集市.jpg", photo),
            ("舞台.png", await FixtureAsync("photo-stage.png")),
            ("活动视频.mp4", await FixtureAsync("video-2m50s.mp4")),
            ("短片.mov", await FixtureAsync("video-30s.mov")))));
        var attachments = lines.Skip(1).ToList();
        var page = await Html.GetAsync(site.As(viewer), "/region/620102?year=2024");
        var photoKey = attachments[1].GetProperty("attachment").GetProperty("attachment_id").GetInt64();
        using var download = await site.As(viewer).GetAsync($"/files/attachments/{photoKey}");
        var progress = System.Text.Json.JsonDocument.Parse(await site.As(viewer).GetStringAsync("/api/v1/progress?parent=620100&year=2024")).RootElement
            .GetProperty("rows").EnumerateArray().Single(r => r.GetProperty("code").GetString() == "620102");

        Assert.Equal("loaded", lines[0].GetProperty("load").GetString());
        Assert.All(attachments, a =>
        {
            Assert.Equal("accepted", a.GetProperty("status").GetString());
            Assert.Equal("attached", a.GetProperty("load").GetString());
            Assert.Equal("620102", a.GetProperty("unit").GetProperty("code").GetString());
            Assert.Equal(2024, a.GetProperty("year").GetInt32());
        });
        Assert.Equal(["report", "photo", "photo", "video", "video"], attachments.Select(a => a.GetProperty("attachment").GetProperty("kind").GetString()));
        Assert.Equal(170, attachments[3].GetProperty("attachment").GetProperty("duration_seconds").GetDouble(), 0);
        Assert.Equal(30, attachments[4].GetProperty("attachment").GetProperty("duration_seconds").GetDouble(), 0);
        Assert.Contains($"<img src=\"/files/attachments/{photoKey}\"", page, StringComparison.Ordinal);
        Assert.Equal(2, System.Text.RegularExpressions.Regex.Count(page, "<img src=\"/files/attachments/"));
        Assert.Contains("城关区2024年科技活动周总结报告.pdf", page, StringComparison.Ordinal);
        Assert.Contains("2分50秒", page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("image/jpeg", download.Content.Headers.ContentType!.MediaType);
        Assert.Equal(photo, await download.Content.ReadAsByteArrayAsync());
        // The progress row of 城关区 counts what came with its form.
        Assert.True(progress.GetProperty("report").GetBoolean());
        Assert.Equal(2, progress.GetProperty("photos").GetInt32());
        Assert.True(progress.GetProperty("video").GetBoolean());
    }

    [Fact]
    public async Task A_video_over_three_minutes_is_rejected_with_its_measured_length_and_kept_only_in_quarantine()
    {
        var clerk = await site.AddAsync("attach-long-video", AccountRole.Uploader, "620103");
        var before = await site.Database.ScalarAsync<long>("select count(*) from attachment");

        var line = Assert.Single(await ArrayAsync(await site.As(clerk).PostAsync("/api/v1/submissions",
            WithYear(Files(("七里河区活动视频.mp4", await FixtureAsync("video-3m20s.mp4")))))));
        var after = await site.Database.ScalarAsync<long>("select count(*) from attachment");

        Assert.Equal("rejected", line.GetProperty("status").GetString());
        Assert.Equal("quarantined", line.GetProperty("load").GetString());
        var message = Assert.Single(line.GetProperty("issues").EnumerateArray()).GetProperty("message").GetString();
        Assert.Contains("时长 3分20秒，超过 3 分钟的上限", message, StringComparison.Ordinal);
        Assert.Contains("七里河区活动视频.mp4", message, StringComparison.Ordinal);
        Assert.Equal(before, after);
        Assert.Contains(Directory.GetFiles(Path.Combine(site.DataFolder, "quarantine"), "*.report.txt", SearchOption.AllDirectories),
            f => File.ReadAllText(f).Contains("3分20秒", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_renamed_binary_an_unreadable_video_and_an_attachment_without_a_unit_are_rejected_with_their_reasons()
    {
        var county = await site.AddAsync("attach-hostile", AccountRole.Uploader, "620104");
        var nation = await site.AddAsync("attach-nation-clerk", AccountRole.Uploader, "000000");
        byte[] brokenVideo = [0, 0, 0, 0x18, .. "ftypisom"u8, .. new byte[4096]];

        var lines = await ArrayAsync(await site.As(county).PostAsync("/api/v1/submissions", WithYear(Files(
            ("照片.jpg", await File.ReadAllBytesAsync(Path.Combine(PageWarehouse.FormsFolder, Chengguan))),
            ("视频.mp4", brokenVideo)))));
        var alone = Assert.Single(await ArrayAsync(await site.As(nation).PostAsync("/api/v1/submissions",
            WithYear(Files(("报告.pdf", await FixtureAsync("summary-report.pdf")))))));

        Assert.All(lines, l => Assert.Equal("rejected", l.GetProperty("status").GetString()));
        Assert.Contains("内容与扩展名 .jpg 不符", Message(lines[0]), StringComparison.Ordinal);
        Assert.Contains("视频“视频.mp4”无法读取", Message(lines[1]), StringComparison.Ordinal);
        Assert.Equal("rejected", alone.GetProperty("status").GetString());
        Assert.Contains("无法确定总结报告“报告.pdf”属于哪个单位", Message(alone), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_photo_over_20_MB_is_cut_off_while_it_streams_and_rejected()
    {
        var clerk = await site.AddAsync("attach-big-photo", AccountRole.Uploader, "620105");
        var big = new byte[21 * 1024 * 1024];
        (await FixtureAsync("photo-event.jpg")).CopyTo(big, 0);

        var line = Assert.Single(await ArrayAsync(await site.As(clerk).PostAsync("/api/v1/submissions", WithYear(Files(("大照片.jpg", big))))));

        Assert.Equal("rejected", line.GetProperty("status").GetString());
        Assert.Contains("超过 20 MB 的上限", Message(line), StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(Path.Combine(site.DataFolder, "uploads")));
    }

    [Fact]
    public async Task An_attachment_downloads_within_its_region_and_is_refused_outside_it()
    {
        var clerk = await site.AddAsync("attach-anning", AccountRole.Uploader, "620105");
        var line = Assert.Single(await ArrayAsync(await site.As(clerk).PostAsync("/api/v1/submissions",
            WithYear(Files(("安宁区总结.pdf", await FixtureAsync("summary-report.pdf")))))));
        var key = line.GetProperty("attachment").GetProperty("attachment_id").GetInt64();
        var lanzhou = await site.AddAsync("attach-lanzhou-viewer", AccountRole.Viewer, "620100");
        var taiyuan = await site.AddAsync("attach-taiyuan-viewer", AccountRole.Viewer, "140100");

        using var inScope = await site.As(lanzhou).GetAsync($"/files/attachments/{key}");
        using var outside = await site.As(taiyuan).GetAsync($"/files/attachments/{key}");
        using var anonymous = await site.Anonymous().GetAsync($"/files/attachments/{key}");

        Assert.Equal("620105", line.GetProperty("unit").GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.OK, inScope.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, outside.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    private static Task<byte[]> FixtureAsync(string name) => File.ReadAllBytesAsync(Path.Combine(Fixtures, name));

    private static MultipartFormDataContent WithYear(MultipartFormDataContent content)
    {
        content.Add(new StringContent("2024"), "year");
        return content;
    }

    private static string Message(JsonElement line) => Assert.Single(line.GetProperty("issues").EnumerateArray()).GetProperty("message").GetString()!;
}
