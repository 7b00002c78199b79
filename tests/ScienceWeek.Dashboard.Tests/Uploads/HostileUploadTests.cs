using System.IO.Compression;
using System.Net;
using System.Net.Sockets;
using System.Text;
using ScienceWeek.Accounts;
using ScienceWeek.Dashboard.Tests.Accounts;
using ScienceWeek.Dashboard.Tests.Pages;
using static ScienceWeek.Dashboard.Tests.Accounts.UploadRequests;

namespace ScienceWeek.Dashboard.Tests.Uploads;

/// <summary>Uploads meant to hurt, through real HTTP on Kestrel: each gets its answer and leaves nothing half-loaded behind.</summary>
[Collection(KestrelSiteGroup.Name)]
public sealed class HostileUploadTests(KestrelSite site)
{
    /// <summary>Everything the warehouse keeps of received files: the ledger, submissions and attachments.</summary>
    private const string Kept = "select (select count(*) from received_file) + (select count(*) from dim_submission) + (select count(*) from attachment)";

    [Fact]
    public async Task A_zip_bomb_workbook_is_rejected_in_its_answer_kept_only_in_quarantine_and_the_server_goes_on_serving()
    {
        var clerk = await site.AddAsync("hostile-bomb", AccountRole.Uploader, "620100");
        var bomb = ZipBomb(expandedMegabytes: 300);

        var line = Assert.Single(await ArrayAsync(await site.As(clerk).PostAsync("/api/v1/submissions", Files(("兰州市统计表.xlsx", bomb)))));
        using var health = await site.Anonymous().GetAsync("/healthz");
        var quarantined = await site.Database.ScalarAsync<string>(
            "select quarantine_path from dim_submission where submission_key = $1", line.GetProperty("submission_id").GetInt64());

        Assert.True(bomb.Length < 1024 * 1024, $"the bomb is {bomb.Length} bytes compressed");
        Assert.Equal("rejected", line.GetProperty("status").GetString());
        Assert.Contains(line.GetProperty("issues").EnumerateArray(), i => i.GetProperty("code").GetString() == "zip_bomb");
        Assert.Equal("quarantined", line.GetProperty("load").GetString());
        Assert.True(File.Exists(quarantined));
        Assert.True(File.Exists(quarantined + ".report.txt"));
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    [Fact]
    public async Task An_upload_cut_off_halfway_leaves_nothing_behind_and_the_next_upload_is_taken_in()
    {
        var clerk = await site.AddAsync("hostile-cut", AccountRole.Uploader, "620100");
        var form = await File.ReadAllBytesAsync(Path.Combine(PageWarehouse.FormsFolder, "西固区2024年科技活动周统计表.xlsx"));
        var uploads = Path.Combine(site.DataFolder, "uploads");
        var kept = await site.Database.ScalarAsync<long>(Kept);

        // A raw connection that promises a whole form, sends half of it and hangs up, as a dropped mobile connection does.
        using (var socket = new TcpClient())
        {
            await socket.ConnectAsync(site.BaseAddress.Host, site.BaseAddress.Port);
            var stream = socket.GetStream();
            const string boundary = "cut-off-boundary";
            var head = Encoding.UTF8.GetBytes(
                $"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"xigu.xlsx\"\r\nContent-Type: application/octet-stream\r\n\r\n");
            var request = Encoding.ASCII.GetBytes(
                $"POST /api/v1/submissions HTTP/1.1\r\nHost: {site.BaseAddress.Authority}\r\nAuthorization: Bearer {clerk.Token}\r\n" +
                $"Content-Type: multipart/form-data; boundary={boundary}\r\nContent-Length: {head.Length + form.Length + 64}\r\n\r\n");
            await stream.WriteAsync(request);
            await stream.WriteAsync(head);
            await stream.WriteAsync(form.AsMemory(0, form.Length / 2));
            await stream.FlushAsync();
            await WaitUntilAsync(() => Directory.Exists(uploads) && Directory.EnumerateFiles(uploads, "*", SearchOption.AllDirectories).Any());
        }
        await WaitUntilAsync(() => !Directory.EnumerateFileSystemEntries(uploads).Any());
        var keptAfterCut = await site.Database.ScalarAsync<long>(Kept);
        var next = Assert.Single(await ArrayAsync(await site.As(clerk).PostAsync("/api/v1/submissions", Files(("西固区2024年科技活动周统计表.xlsx", form)))));

        Assert.Equal(kept, keptAfterCut);
        Assert.Equal("620104", next.GetProperty("unit").GetProperty("code").GetString());
        Assert.NotEqual("quarantined", next.GetProperty("load").GetString());
    }

    [Fact]
    public async Task A_very_long_name_that_climbs_folders_is_stored_under_a_short_safe_name()
    {
        var clerk = await site.AddAsync("hostile-name", AccountRole.Uploader, "620100");
        var name = "..\\..\\" + new string('长', 300) + ".xlsx";

        var line = Assert.Single(await ArrayAsync(await site.As(clerk).PostAsync("/api/v1/submissions", Files((name, "x"u8.ToArray())))));
        var stored = line.GetProperty("file").GetString()!;

        Assert.True(stored.Length <= 120, stored);
        Assert.EndsWith("长.xlsx", stored, StringComparison.Ordinal);
        Assert.DoesNotContain("..", stored, StringComparison.Ordinal);
        Assert.DoesNotContain('\\', stored);
    }

    /// <summary>A workbook whose one sheet is a few hundred kilobytes compressed and <paramref name="expandedMegabytes"/> MB expanded.</summary>
    private static byte[] ZipBomb(int expandedMegabytes)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            void Entry(string path, string xml)
            {
                using var writer = new StreamWriter(zip.CreateEntry(path).Open(), new UTF8Encoding(false));
                writer.Write(xml);
            }
            Entry("[Content_Types].xml", """<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>""");
            Entry("_rels/.rels", """<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>""");
            Entry("xl/workbook.xml", """<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>""");
            Entry("xl/_rels/workbook.xml.rels", """<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>""");
            using var sheet = zip.CreateEntry("xl/worksheets/sheet1.xml", CompressionLevel.SmallestSize).Open();
            sheet.Write("""<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>"""u8);
            var spaces = new byte[1024 * 1024];
            Array.Fill(spaces, (byte)' ');
            for (var i = 0; i < expandedMegabytes; i++)
            {
                sheet.Write(spaces);
            }
            sheet.Write("</sheetData></worksheet>"u8);
        }
        return buffer.ToArray();
    }

    /// <summary>Waits for the server to reach a state (it works on its own threads); fails after a minute rather than hang.</summary>
    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var waited = 0; !condition(); waited += 50)
        {
            Assert.True(waited < 60_000, "the server did not get there within a minute");
            await Task.Delay(50);
        }
    }
}
