using System.IO.Compression;
using System.Text;
using ScienceWeek.Etl.Forms;
using ScienceWeek.Etl.Submissions;

namespace ScienceWeek.Etl.Tests.Reading;

/// <summary>Broken and hostile files, made here, must be rejected with a reason before the parser can be hurt.</summary>
public class HostileFileTests
{
    private static FormReadResult Read(byte[] content, string name, SpreadsheetLimits? limits = null) =>
        new FormReader(Fixtures.Units) { Limits = limits ?? SpreadsheetLimits.Default }
            .Read(new MemoryStream(content), name, new ReadContext(2024), CancellationToken.None);

    private static string RejectionCode(FormReadResult result)
    {
        Assert.Equal(FormStatus.Rejected, result.Status);
        var issue = Assert.Single(result.Issues);
        Assert.False(string.IsNullOrWhiteSpace(issue.Message));
        return issue.Code;
    }

    [Fact]
    public void Rejects_an_empty_file()
    {
        Assert.Equal("file_empty", RejectionCode(Read([], "统计表.xlsx")));
    }

    [Fact]
    public void Rejects_a_truncated_workbook()
    {
        var whole = File.ReadAllBytes(Fixtures.File("statistics-national.xlsx"));

        Assert.Equal("workbook_corrupt", RejectionCode(Read(whole[..(whole.Length / 2)], "统计表.xlsx")));
    }

    [Fact]
    public void Rejects_a_zip_entry_that_declares_gigabytes()
    {
        var zip = Workbook(("xl/worksheets/sheet1.xml", "<worksheet/>"));
        // Rewrite the declared uncompressed size in the central directory to 2 GB.
        var central = LastIndexOf(zip, [0x50, 0x4B, 0x01, 0x02]);
        BitConverter.GetBytes(0x7FFF_FFFFu).CopyTo(zip, central + 24);

        Assert.Equal("zip_bomb", RejectionCode(Read(zip, "统计表.xlsx")));
    }

    [Fact]
    public void Rejects_a_sheet_that_expands_far_beyond_its_compressed_size()
    {
        var zip = Workbook(("xl/worksheets/sheet1.xml", "<worksheet>" + new string(' ', 50 * 1024 * 1024) + "</worksheet>"));

        Assert.Equal("zip_bomb", RejectionCode(Read(zip, "统计表.xlsx")));
    }

    [Fact]
    public void Rejects_a_sheet_with_ten_thousand_columns()
    {
        var cells = new StringBuilder();
        for (var c = 0; c < 10_000; c++)
        {
            cells.Append("<c r=\"").Append(CellAddress.A1(0, c)).Append("\" t=\"inlineStr\"><is><t>x</t></is></c>");
        }
        var zip = Workbook(("xl/worksheets/sheet1.xml",
            "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData><row r=\"1\">" + cells + "</row></sheetData></worksheet>"));

        Assert.Equal("too_many_columns", RejectionCode(Read(zip, "统计表.xlsx")));
    }

    [Fact]
    public void Rejects_a_csv_with_ten_thousand_columns()
    {
        var csv = Encoding.UTF8.GetBytes(string.Join(',', Enumerable.Repeat("1", 10_000)) + "\r\n");

        Assert.Equal("too_many_columns", RejectionCode(Read(csv, "统计表.csv")));
    }

    [Fact]
    public void Rejects_a_renamed_binary()
    {
        var png = new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52 };

        Assert.Equal("not_a_workbook", RejectionCode(Read(png, "统计表.xlsx")));
        Assert.Equal("not_a_csv", RejectionCode(Read(png, "统计表.csv")));
    }

    [Fact]
    public void Rejects_a_zip_that_is_not_a_workbook()
    {
        using var buffer = new MemoryStream();
        using (var archive = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            using var writer = new StreamWriter(archive.CreateEntry("readme.txt").Open());
            writer.Write("hello");
        }

        Assert.Equal("not_a_workbook", RejectionCode(Read(buffer.ToArray(), "统计表.xlsx")));
    }

    [Fact]
    public void Rejects_a_corrupt_compound_document()
    {
        var ole = new byte[4096];
        new byte[] { 0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1 }.CopyTo(ole, 0);
        new Random(7).NextBytes(ole.AsSpan(8));

        Assert.Equal("workbook_corrupt", RejectionCode(Read(ole, "统计表.xls")));
    }

    [Fact]
    public void Rejects_an_unsupported_format_by_name()
    {
        Assert.Equal("unsupported_format", RejectionCode(Read([1, 2, 3], "统计表.xlsb")));
        Assert.Equal("unsupported_format", RejectionCode(Read([1, 2, 3], "统计表.pdf")));
    }

    [Fact]
    public void Rejects_a_file_above_the_size_limit()
    {
        var limits = new SpreadsheetLimits { MaxFileBytes = 1024 };

        Assert.Equal("file_too_large", RejectionCode(Read(new byte[2048], "统计表.xlsx", limits)));
    }

    [Fact]
    public void Gives_up_on_a_parse_that_exceeds_the_time_limit()
    {
        var rows = string.Concat(Enumerable.Repeat(string.Join(',', Enumerable.Range(0, 200)) + "\r\n", 4_000));
        var limits = new SpreadsheetLimits { ParseTimeout = TimeSpan.FromMilliseconds(1) };

        Assert.Equal("parse_timeout", RejectionCode(Read(Encoding.UTF8.GetBytes(rows), "统计表.csv", limits)));
    }

    [Fact]
    public void A_parse_given_up_after_the_time_limit_is_told_to_stop()
    {
        using var stopped = new ManualResetEventSlim();
        var limits = new SpreadsheetLimits { ParseTimeout = TimeSpan.FromMilliseconds(50) };

        var result = SpreadsheetReader.RunTimed(token =>
        {
            while (!token.IsCancellationRequested)
            {
                Thread.Sleep(1);
            }
            stopped.Set();
            throw new OperationCanceledException(token);
        }, "统计表.xlsx", limits, CancellationToken.None);

        Assert.Equal("parse_timeout", result.Problem?.Code);
        Assert.True(stopped.Wait(TimeSpan.FromSeconds(30)), "the parse was never told to stop");
    }

    [Fact]
    public void A_workbook_stream_stops_the_parser_at_its_next_read_once_the_time_limit_has_passed()
    {
        using var limit = new CancellationTokenSource();
        using var stream = new CancellableReadStream(new MemoryStream(new byte[100]), limit.Token);

        Assert.Equal(10, stream.Read(new byte[10], 0, 10));
        limit.Cancel();

        Assert.Throws<OperationCanceledException>(() => stream.Read(new byte[10], 0, 10));
    }

    [Fact]
    public void Rejects_a_password_protected_workbook()
    {
        var result = new FormReader(Fixtures.Units).Read(Fixtures.File("third-party/password-rc4.xls"), new ReadContext(), CancellationToken.None);

        Assert.Equal("workbook_password_protected", RejectionCode(result));
    }

    /// <summary>A minimal xlsx package around the given parts.</summary>
    private static byte[] Workbook(params (string Path, string Content)[] parts)
    {
        var all = new List<(string, string)>
        {
            ("[Content_Types].xml", """<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"""),
            ("_rels/.rels", """<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"""),
            ("xl/workbook.xml", """<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>"""),
            ("xl/_rels/workbook.xml.rels", """<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"""),
        };
        all.AddRange(parts);
        using var buffer = new MemoryStream();
        using (var archive = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (path, content) in all)
            {
                using var stream = archive.CreateEntry(path, CompressionLevel.SmallestSize).Open();
                stream.Write(Encoding.UTF8.GetBytes(content));
            }
        }
        return buffer.ToArray();
    }

    private static int LastIndexOf(byte[] haystack, byte[] needle)
    {
        for (var i = haystack.Length - needle.Length; i >= 0; i--)
        {
            if (haystack.AsSpan(i, needle.Length).SequenceEqual(needle))
            {
                return i;
            }
        }
        throw new InvalidOperationException("signature not found");
    }
}
