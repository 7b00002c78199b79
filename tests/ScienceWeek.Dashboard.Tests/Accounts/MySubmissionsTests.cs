using System.Net;
using System.Text.RegularExpressions;
using ScienceWeek.Accounts;
using ScienceWeek.Dashboard.Tests.Pages;
using ScienceWeek.Testing;
using static ScienceWeek.Dashboard.Tests.Accounts.UploadRequests;

namespace ScienceWeek.Dashboard.Tests.Accounts;

/// <summary>A fresh site of its own: the version numbers below depend on nothing else being uploaded.</summary>
[CollectionDefinition(Name)]
public sealed class MySubmissionsSiteGroup : ICollectionFixture<KestrelSite>
{
    public const string Name = "My submissions on Kestrel, fresh warehouse";
}

/// <summary>"我的报送" and the download of originals, through real HTTP on Kestrel.</summary>
[Collection(MySubmissionsSiteGroup.Name)]
public sealed partial class MySubmissionsTests(KestrelSite site)
{
    private static readonly string Loading = Path.Combine(Repository.Root, "tests", "ScienceWeek.Etl.Tests", "TestData", "loading");

    [Fact]
    public async Task A_district_clerk_sees_its_versions_the_city_sees_its_districts_and_another_city_sees_none()
    {
        var chengguan = await site.AddAsync("mine-chengguan", AccountRole.Uploader, "620102");
        var lanzhou = await site.AddAsync("mine-lanzhou", AccountRole.Uploader, "620100");
        var taiyuan = await site.AddAsync("mine-taiyuan", AccountRole.Uploader, "140100");
        using var district = site.As(chengguan);
        using var city = site.As(lanzhou);
        using var other = site.As(taiyuan);

        await ArrayAsync(await district.PostAsync("/api/v1/submissions", Files(("城关区统计表v1.xlsx", await LoadingAsync("chengguan-2024-v1.xlsx")))));
        await ArrayAsync(await district.PostAsync("/api/v1/submissions", Files(("城关区统计表v2.xlsx", await LoadingAsync("chengguan-2024-v2.xlsx")))));
        await ArrayAsync(await district.PostAsync("/api/v1/submissions", Files(("城关区统计表v2再次.xlsx", await LoadingAsync("chengguan-2024-v2.xlsx")))));
        await ArrayAsync(await city.PostAsync("/api/v1/submissions", Files(("七里河区负数.xlsx", await LoadingAsync("qilihe-2024-negative.xlsx")))));
        var districtPage = await Html.GetAsync(district, "/submissions");
        var cityPage = await Html.GetAsync(city, "/submissions");
        var otherPage = await Html.GetAsync(other, "/submissions");

        Assert.Equal("第 1 版 · 已被替换", Cell(districtPage, "城关区统计表v1.xlsx", "version"));
        Assert.Equal("第 2 版 · 现行", Cell(districtPage, "城关区统计表v2.xlsx", "version"));
        Assert.Equal("与已入库文件相同，未重复入库", Cell(districtPage, "城关区统计表v2再次.xlsx", "outcome"));
        Assert.Equal("已入库", Cell(districtPage, "城关区统计表v2.xlsx", "outcome"));
        Assert.DoesNotContain("七里河区负数.xlsx", districtPage, StringComparison.Ordinal);
        Assert.Equal(4, Rows(cityPage).Count);
        Assert.Equal("未通过，未入库", Cell(cityPage, "七里河区负数.xlsx", "outcome"));
        // The check report names the sheet and cell of the negative amount.
        Assert.Matches(@"错误［[^］]+![A-Z]+[0-9]+］：", Row(cityPage, "七里河区负数.xlsx"));
        Assert.Empty(Rows(otherPage));
        Assert.Contains("还没有上传过文件", otherPage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_original_downloads_for_its_sender_and_its_region_and_is_refused_outside_them()
    {
        var anning = await site.AddAsync("mine-anning", AccountRole.Uploader, "620105");
        var lanzhou = await site.AddAsync("mine-lanzhou-2", AccountRole.Uploader, "620100");
        var xigu = await site.AddAsync("mine-xigu", AccountRole.Uploader, "620104");
        var taiyuan = await site.AddAsync("mine-taiyuan-2", AccountRole.Viewer, "140100");
        using var sender = site.As(anning);
        var bytes = await LoadingAsync("anning-2024.xlsx");
        await ArrayAsync(await sender.PostAsync("/api/v1/submissions", Files(("安宁区2024年统计表.xlsx", bytes))));
        var link = Regex.Match(await Html.GetAsync(sender, "/submissions"), "href=\"(/files/submissions/[0-9]+)\"").Groups[1].Value;

        using var own = await sender.GetAsync(link);
        using var asCity = await site.As(lanzhou).GetAsync(link);
        using var asNeighbour = await site.As(xigu).GetAsync(link);
        using var asTaiyuan = await site.As(taiyuan).GetAsync(link);
        using var anonymous = await site.Anonymous().GetAsync(link);

        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        Assert.Equal(bytes, await own.Content.ReadAsByteArrayAsync());
        Assert.Equal("安宁区2024年统计表.xlsx", own.Content.Headers.ContentDisposition!.FileNameStar);
        Assert.Equal(HttpStatusCode.OK, asCity.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, asNeighbour.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, asTaiyuan.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    [Fact]
    public async Task A_file_name_carrying_markup_is_stored_without_it_and_shown_escaped()
    {
        var clerk = await site.AddAsync("mine-markup", AccountRole.Uploader, "620100");
        using var client = site.As(clerk);
        const string name = "<img src=x onerror=alert(1)>&'<b>.xlsx";

        var line = Assert.Single(await ArrayAsync(await client.PostAsync("/api/v1/submissions", Files((name, "not a spreadsheet"u8.ToArray())))));
        using var response = await client.GetAsync("/submissions");
        var raw = await response.Content.ReadAsStringAsync();

        Assert.Equal("rejected", line.GetProperty("status").GetString());
        Assert.DoesNotContain("<img src=x", raw, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>", raw, StringComparison.Ordinal);
        // Stored under a name without markup characters, and that name is still escaped where it is shown.
        Assert.Equal("_img src=x onerror=alert(1)_&'_b_.xlsx", line.GetProperty("file").GetString());
        Assert.Contains("_img src=x onerror=alert(1)_&amp;", raw, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_viewer_has_no_submissions_page()
    {
        var viewer = await site.AddAsync("mine-viewer", AccountRole.Viewer, "000000");

        using var response = await site.As(viewer).GetAsync("/submissions");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    private static Task<byte[]> LoadingAsync(string name) => File.ReadAllBytesAsync(Path.Combine(Loading, name));

    private static List<string> Rows(string page) => [.. SubmissionRow().Matches(page).Select(m => m.Value)];

    private static string Row(string page, string fileName) =>
        Assert.Single(Rows(page), r => r.Contains($"<td class=\"file-name\">{fileName}</td>", StringComparison.Ordinal));

    private static string Cell(string page, string fileName, string cell) =>
        Regex.Match(Row(page, fileName), $"<td data-cell=\"{cell}\">([^<]*)</td>").Groups[1].Value;

    [GeneratedRegex("<tr data-submission=.*?</tr>", RegexOptions.Singleline)]
    private static partial Regex SubmissionRow();
}
