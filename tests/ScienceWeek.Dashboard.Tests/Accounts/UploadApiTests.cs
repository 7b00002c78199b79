using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using ScienceWeek.Accounts;
using ScienceWeek.Dashboard.Tests.Pages;

namespace ScienceWeek.Dashboard.Tests.Accounts;

/// <summary>POST /api/v1/submissions through real HTTP on Kestrel, into a fresh warehouse.</summary>
[Collection(KestrelSiteGroup.Name)]
public sealed class UploadApiTests(KestrelSite site)
{
    private const string Chengguan = "城关区2024年科技活动周统计表.xlsx";
    private const string Qilihe = "七里河区2024年科技活动周统计表.xlsx";

    [Fact]
    public async Task A_county_uploader_token_uploads_its_form_and_a_nation_wide_viewer_sees_the_values_in_the_api()
    {
        var uploader = await site.AddAsync("chengguan-clerk", AccountRole.Uploader, "620102");
        var viewer = await site.AddAsync("nation-reader", AccountRole.Viewer, "000000");
        using var clerk = site.As(uploader);
        using var reader = site.As(viewer);

        using var response = await clerk.PostAsync("/api/v1/submissions", Files((Chengguan, await FormAsync(Chengguan))));
        var answer = await ArrayAsync(response);
        using var values = await reader.GetAsync("/api/v1/values?measures=activities&regions=620102&years=2024");
        var rows = JsonDocument.Parse(await values.Content.ReadAsStringAsync()).RootElement.GetProperty("rows");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var line = Assert.Single(answer);
        Assert.Equal(Chengguan, line.GetProperty("file").GetString());
        Assert.Equal("620102", line.GetProperty("unit").GetProperty("code").GetString());
        Assert.Equal("loaded", line.GetProperty("load").GetString());
        Assert.True(line.GetProperty("submission_id").GetInt64() > 0);
        var row = Assert.Single(rows.EnumerateArray());
        Assert.Equal("reported", row.GetProperty("basis").GetString());
        Assert.True(row.GetProperty("value").GetDecimal() > 0);
        Assert.Equal("chengguan-clerk", await site.Database.ScalarAsync<string>(
            "select account_name from received_file where channel = 'upload' and submission_key = $1", line.GetProperty("submission_id").GetInt64()));
    }

    [Fact]
    public async Task A_form_of_another_county_is_rejected_unit_out_of_scope_naming_both_regions_and_nothing_is_loaded()
    {
        var uploader = await site.AddAsync("chengguan-clerk-2", AccountRole.Uploader, "620102");
        using var clerk = site.As(uploader);
        var loadedBefore = await site.Database.ScalarAsync<long>(LoadedOfQilihe);

        using var response = await clerk.PostAsync("/api/v1/submissions", Files((Qilihe, await FormAsync(Qilihe))));
        var line = Assert.Single(await ArrayAsync(response));
        var loadedAfter = await site.Database.ScalarAsync<long>(LoadedOfQilihe);
        var quarantined = line.GetProperty("load").GetString();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("rejected", line.GetProperty("status").GetString());
        Assert.Equal("quarantined", quarantined);
        var issue = Assert.Single(line.GetProperty("issues").EnumerateArray(), i => i.GetProperty("code").GetString() == "unit_out_of_scope");
        Assert.Contains("620103", issue.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Contains("620102", issue.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, loadedBefore);
        Assert.Equal(0, loadedAfter);
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(site.DataFolder, "quarantine"), "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task A_viewer_gets_403_on_upload_and_an_anonymous_upload_gets_401()
    {
        var viewer = await site.AddAsync("upload-viewer", AccountRole.Viewer, "000000");
        using var asViewer = site.As(viewer);
        using var anonymous = site.Anonymous();

        using var forbidden = await asViewer.PostAsync("/api/v1/submissions", Files((Chengguan, await FormAsync(Chengguan))));
        using var unauthorized = await anonymous.PostAsync("/api/v1/submissions", Files((Chengguan, await FormAsync(Chengguan))));

        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, unauthorized.StatusCode);
    }

    [Fact]
    public async Task A_file_name_that_is_a_path_is_stored_under_its_last_part_and_nothing_is_written_outside_the_data_folder()
    {
        var uploader = await site.AddAsync("path-clerk", AccountRole.Uploader, "000000");
        using var clerk = site.As(uploader);
        var outside = Path.GetFullPath(Path.Combine(site.DataFolder, "..", "evil-upload.xlsx"));

        using var response = await clerk.PostAsync("/api/v1/submissions", Files(("../../evil-upload.xlsx", "not a spreadsheet"u8.ToArray()), ("/etc/passwd", "x"u8.ToArray())));
        var lines = await ArrayAsync(response);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["evil-upload.xlsx", "passwd"], lines.Select(l => l.GetProperty("file").GetString()));
        Assert.All(lines, l => Assert.Equal("rejected", l.GetProperty("status").GetString()));
        Assert.False(File.Exists(outside));
        Assert.Empty(Directory.GetFileSystemEntries(Path.Combine(site.DataFolder, "uploads")));
    }

    [Fact]
    public async Task A_request_without_a_file_part_gets_400_with_a_Chinese_reason()
    {
        var uploader = await site.AddAsync("empty-clerk", AccountRole.Uploader, "000000");
        using var clerk = site.As(uploader);
        using var content = new MultipartFormDataContent { { new StringContent("2024"), "year" } };

        using var response = await clerk.PostAsync("/api/v1/submissions", content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("没有收到文件", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    /// <summary>What of 七里河区 is loaded: current submissions and the numbers the dashboard reads.</summary>
    private const string LoadedOfQilihe = """
        select (select count(*) from dim_submission s join dim_reporting_unit u using (reporting_unit_key) where u.unit_code = '620103' and s.is_current)
             + (select count(*) from mart_region_value v join dim_region r using (region_key) where r.region_code = '620103')
        """;

    private static Task<byte[]> FormAsync(string name) => File.ReadAllBytesAsync(Path.Combine(PageWarehouse.FormsFolder, name));

    private static MultipartFormDataContent Files(params (string Name, byte[] Bytes)[] files)
    {
        var content = new MultipartFormDataContent();
        foreach (var (name, bytes) in files)
        {
            var part = new ByteArrayContent(bytes);
            part.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            content.Add(part, "file", name);
        }
        return content;
    }

    private static async Task<List<JsonElement>> ArrayAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        return [.. JsonDocument.Parse(text).RootElement.EnumerateArray().Select(e => e.Clone())];
    }
}
