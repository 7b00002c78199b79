using System.Globalization;
using System.IO.Compression;
using System.Text;
using ExcelDataReader;
using ExcelDataReader.Exceptions;
using ScienceWeek.Warehouse.Text;

namespace ScienceWeek.Etl.Submissions;

/// <summary>One worksheet as text cells (row and column from 0) with its merged ranges.</summary>
public sealed class Sheet(string name, IReadOnlyList<string?[]> rows, IReadOnlyList<MergedRange> merged, IReadOnlySet<(int Row, int Column)> percentCells)
{
    public string Name { get; } = name;
    public IReadOnlyList<string?[]> Rows { get; } = rows;
    public IReadOnlyList<MergedRange> Merged { get; } = merged;

    public int RowCount => Rows.Count;

    public string? Text(int row, int column) =>
        row >= 0 && row < Rows.Count && column >= 0 && column < Rows[row].Length ? Rows[row][column] : null;

    /// <summary>Whether the cell holds a number formatted as a percentage (Excel stores 35% as 0.35).</summary>
    public bool IsPercent(int row, int column) => percentCells.Contains((row, column));

    /// <summary>The merged range that starts at this cell, if any.</summary>
    public MergedRange? MergeAt(int row, int column) =>
        Merged.FirstOrDefault(m => m.FromRow == row && m.FromColumn == column);

    /// <summary>Sheet-qualified A1 address, such as <c>Sheet1!C6</c>.</summary>
    public string Address(int row, int column) => $"{Name}!{CellAddress.A1(row, column)}";
}

public sealed record MergedRange(int FromRow, int FromColumn, int ToRow, int ToColumn);

public static class CellAddress
{
    public static string A1(int row, int column) => ColumnName(column) + (row + 1).ToString(CultureInfo.InvariantCulture);

    public static string ColumnName(int column)
    {
        var name = new StringBuilder();
        for (var c = column + 1; c > 0; c = (c - 1) / 26)
        {
            name.Insert(0, (char)('A' + ((c - 1) % 26)));
        }
        return name.ToString();
    }
}

/// <summary>Why a file could not be read as a spreadsheet: an English code and a Chinese message for the sender.</summary>
public sealed record SpreadsheetProblem(string Code, string Message, string? Cell = null);

/// <summary>Either the sheets of a workbook or the reason it cannot be read.</summary>
public sealed record SpreadsheetReadResult(IReadOnlyList<Sheet> Sheets, SpreadsheetProblem? Problem)
{
    public static SpreadsheetReadResult Fail(string code, string message, string? cell = null) => new([], new SpreadsheetProblem(code, message, cell));
}

/// <summary>Bounds that keep a hostile file from costing more than a few seconds and a little memory.</summary>
public sealed record SpreadsheetLimits
{
    public long MaxFileBytes { get; init; } = 20 * 1024 * 1024;
    public int MaxZipEntries { get; init; } = 2_000;
    public long MaxUncompressedBytes { get; init; } = 200L * 1024 * 1024;
    public long MaxEntryBytes { get; init; } = 100L * 1024 * 1024;
    /// <summary>Ratio of declared uncompressed to compressed size, checked on entries above <see cref="RatioCheckFromBytes"/>.</summary>
    public int MaxCompressionRatio { get; init; } = 150;
    public long RatioCheckFromBytes { get; init; } = 1024 * 1024;
    public int MaxSheets { get; init; } = 100;
    public int MaxRows { get; init; } = 5_000;
    public int MaxColumns { get; init; } = 256;
    public TimeSpan ParseTimeout { get; init; } = TimeSpan.FromSeconds(10);

    public static SpreadsheetLimits Default { get; } = new();
}

/// <summary>
/// The one spreadsheet reader: .xlsx and .xls through ExcelDataReader, .csv in UTF-8 or GB18030. Every guard runs before
/// the parser sees the bytes (size, magic bytes, zip entry sizes and ratios), and parsing runs under a time limit.
/// </summary>
public static class SpreadsheetReader
{
    private static readonly byte[] ZipMagic = [0x50, 0x4B, 0x03, 0x04];
    private static readonly byte[] EmptyZipMagic = [0x50, 0x4B, 0x05, 0x06];
    private static readonly byte[] Ole2Magic = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    static SpreadsheetReader() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public static SpreadsheetReadResult Read(string path, SpreadsheetLimits limits, CancellationToken ct)
    {
        var name = Path.GetFileName(path);
        FileInfo info;
        try
        {
            info = new FileInfo(path);
            if (!info.Exists)
            {
                return SpreadsheetReadResult.Fail("file_missing", $"文件“{name}”不存在。");
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return SpreadsheetReadResult.Fail("file_unreadable", $"无法读取文件“{name}”：{e.Message}");
        }
        if (info.Length > limits.MaxFileBytes)
        {
            return TooLarge(name, info.Length, limits);
        }
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
            return Read(stream, name, limits, ct);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return SpreadsheetReadResult.Fail("file_unreadable", $"无法读取文件“{name}”：{e.Message}");
        }
    }

    public static SpreadsheetReadResult Read(Stream content, string fileName, SpreadsheetLimits limits, CancellationToken ct)
    {
        var name = Path.GetFileName(fileName);
        byte[] bytes;
        try
        {
            bytes = ReadBounded(content, limits.MaxFileBytes);
        }
        catch (InvalidDataException)
        {
            return TooLarge(name, null, limits);
        }
        if (bytes.Length == 0)
        {
            return SpreadsheetReadResult.Fail("file_empty", $"文件“{name}”是空文件（0 字节）。");
        }
        var extension = Path.GetExtension(name).ToLowerInvariant();
        var kind = Sniff(bytes);
        switch (extension)
        {
            case ".xlsb":
                return SpreadsheetReadResult.Fail("unsupported_format", $"文件“{name}”是 Excel 二进制工作簿（.xlsb），不支持；请另存为 .xlsx 后重新报送。");
            case ".xlsx" or ".xlsm" or ".xls":
                if (kind == ContentKind.Text)
                {
                    return LooksLikeRawBiff(bytes) && extension == ".xls"
                        ? RunExcel(bytes, name, limits, ct)
                        : SpreadsheetReadResult.Fail("not_a_workbook", $"文件“{name}”的扩展名是 {extension}，但内容不是 Excel 工作簿（可能是改了扩展名的其他文件）。");
                }
                if (kind == ContentKind.Zip && CheckZip(bytes, name, limits) is { } zipProblem)
                {
                    return zipProblem;
                }
                return RunExcel(bytes, name, limits, ct);
            case ".csv" or ".txt":
                if (kind != ContentKind.Text || Array.IndexOf(bytes, (byte)0, 0, Math.Min(bytes.Length, 8192)) >= 0 && !HasUtf16Bom(bytes))
                {
                    return SpreadsheetReadResult.Fail("not_a_csv", $"文件“{name}”的扩展名是 {extension}，但内容是二进制数据，不是 CSV 文本。");
                }
                return RunTimed(token => ReadCsv(bytes, name, limits, token), name, limits, ct);
            default:
                return SpreadsheetReadResult.Fail("unsupported_format",
                    $"不支持文件“{name}”的格式（{(extension.Length == 0 ? "无扩展名" : extension)}）；请报送 .xlsx、.xls 或 .csv 文件。");
        }
    }

    private static SpreadsheetReadResult TooLarge(string name, long? length, SpreadsheetLimits limits) =>
        SpreadsheetReadResult.Fail("file_too_large",
            $"文件“{name}”{(length is { } l ? $"大小为 {l / 1024 / 1024} MB，" : "")}超过上限 {limits.MaxFileBytes / 1024 / 1024} MB。");

    private static byte[] ReadBounded(Stream content, long max)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = content.Read(chunk, 0, chunk.Length)) > 0)
        {
            if (buffer.Length + read > max)
            {
                throw new InvalidDataException("too large");
            }
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    private enum ContentKind { Zip, Ole2, Text }

    private static ContentKind Sniff(byte[] bytes) =>
        bytes.AsSpan().StartsWith(ZipMagic) || bytes.AsSpan().StartsWith(EmptyZipMagic) ? ContentKind.Zip
        : bytes.AsSpan().StartsWith(Ole2Magic) ? ContentKind.Ole2
        : ContentKind.Text;

    private static bool HasUtf16Bom(byte[] bytes) =>
        bytes.Length >= 2 && ((bytes[0] == 0xFF && bytes[1] == 0xFE) || (bytes[0] == 0xFE && bytes[1] == 0xFF));

    /// <summary>A BIFF2-BIFF5 worksheet saved without the OLE2 container starts with a BOF record (type 0x0009, 0x0209, 0x0409 or 0x0809).</summary>
    private static bool LooksLikeRawBiff(byte[] bytes) =>
        bytes.Length >= 4 && bytes[0] == 0x09 && bytes[1] is 0x00 or 0x02 or 0x04 or 0x08;

    /// <summary>Checks the zip directory before any decompression: entry count, declared sizes and compression ratios.</summary>
    private static SpreadsheetReadResult? CheckZip(byte[] bytes, string name, SpreadsheetLimits limits)
    {
        try
        {
            using var zip = new ZipArchive(new MemoryStream(bytes, writable: false), ZipArchiveMode.Read);
            var entries = zip.Entries;
            if (entries.Count == 0)
            {
                return SpreadsheetReadResult.Fail("workbook_corrupt", $"文件“{name}”是空的压缩包，不是有效的 Excel 工作簿。");
            }
            if (entries.Count > limits.MaxZipEntries)
            {
                return SpreadsheetReadResult.Fail("zip_too_many_entries", $"文件“{name}”包含 {entries.Count} 个压缩条目，超过上限 {limits.MaxZipEntries}，疑似恶意文件。");
            }
            long total = 0;
            foreach (var entry in entries)
            {
                total += entry.Length;
                if (entry.Length > limits.MaxEntryBytes || total > limits.MaxUncompressedBytes)
                {
                    return SpreadsheetReadResult.Fail("zip_bomb",
                        $"文件“{name}”解压后过大（条目“{entry.FullName}”声明 {entry.Length / 1024 / 1024} MB），疑似压缩炸弹，已拒收。");
                }
                if (entry.Length >= limits.RatioCheckFromBytes && entry.Length > (long)limits.MaxCompressionRatio * Math.Max(entry.CompressedLength, 1))
                {
                    return SpreadsheetReadResult.Fail("zip_bomb",
                        $"文件“{name}”的条目“{entry.FullName}”压缩比异常（{entry.Length / Math.Max(entry.CompressedLength, 1)}:1），疑似压缩炸弹，已拒收。");
                }
            }
            var names = entries.Select(e => e.FullName.Replace('\\', '/').TrimStart('/')).ToHashSet(StringComparer.OrdinalIgnoreCase);
            if (names.Contains("xl/workbook.bin"))
            {
                return SpreadsheetReadResult.Fail("unsupported_format", $"文件“{name}”是 Excel 二进制工作簿（.xlsb），不支持；请另存为 .xlsx 后重新报送。");
            }
            if (!names.Contains("xl/workbook.xml") && !names.Contains("[Content_Types].xml"))
            {
                return SpreadsheetReadResult.Fail("not_a_workbook", $"文件“{name}”是压缩包，但不是 Excel 工作簿（缺少 xl/workbook.xml）。");
            }
            return null;
        }
        catch (InvalidDataException)
        {
            return SpreadsheetReadResult.Fail("workbook_corrupt", $"文件“{name}”已损坏或不完整（压缩包结构无法读取，可能是传输中被截断）。");
        }
    }

    private static SpreadsheetReadResult RunExcel(byte[] bytes, string name, SpreadsheetLimits limits, CancellationToken ct) =>
        RunTimed(token => ReadExcel(bytes, name, limits, token), name, limits, ct);

    /// <summary>
    /// Runs a parse on the thread pool and gives up after the time limit. The parse gets a token that is cancelled then, and
    /// stops at its next row or its next read of the file's bytes, so a given-up parse does not go on using a thread.
    /// </summary>
    public static SpreadsheetReadResult RunTimed(Func<CancellationToken, SpreadsheetReadResult> parse, string name, SpreadsheetLimits limits, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var token = timeout.Token;
        var task = Task.Run(() => parse(token), CancellationToken.None);
        // A timed wait on the task's handle never runs the parse inline on this thread, as Task.Wait may when the pool has
        // not started it yet (and then the time limit would not hold).
        var finished = WaitHandle.WaitAny([((IAsyncResult)task).AsyncWaitHandle, ct.WaitHandle], limits.ParseTimeout) == 0;
        if (finished && !task.IsCanceled && (task.IsCompletedSuccessfully || task.Exception?.InnerException is not OperationCanceledException))
        {
            return task.GetAwaiter().GetResult();
        }
        timeout.Cancel();
        ct.ThrowIfCancellationRequested();
        // The parse ends at its next row or read; observe how it ends so that its exception does not go unobserved.
        task.ContinueWith(t => _ = t.Exception, TaskScheduler.Default);
        return SpreadsheetReadResult.Fail("parse_timeout", $"文件“{name}”在 {limits.ParseTimeout.TotalSeconds:0} 秒内未能读完，已放弃（文件可能损坏或结构异常）。");
    }

    private static SpreadsheetReadResult ReadExcel(byte[] bytes, string name, SpreadsheetLimits limits, CancellationToken ct)
    {
        try
        {
            using var stream = new CancellableReadStream(new MemoryStream(bytes, writable: false), ct);
            using var reader = ExcelReaderFactory.CreateReader(stream, new ExcelReaderConfiguration { FallbackEncoding = Encoding.GetEncoding(936) });
            var sheets = new List<Sheet>();
            do
            {
                if (sheets.Count >= limits.MaxSheets)
                {
                    return SpreadsheetReadResult.Fail("too_many_sheets", $"文件“{name}”的工作表超过 {limits.MaxSheets} 个，不是报表。");
                }
                var sheetName = string.IsNullOrWhiteSpace(reader.Name) ? $"Sheet{sheets.Count + 1}" : reader.Name;
                if (reader.FieldCount > limits.MaxColumns)
                {
                    return SpreadsheetReadResult.Fail("too_many_columns",
                        $"文件“{name}”的工作表“{sheetName}”有 {reader.FieldCount} 列，超过上限 {limits.MaxColumns} 列，不是报表。", $"{sheetName}!{CellAddress.ColumnName(limits.MaxColumns)}1");
                }
                var rows = new List<string?[]>();
                var percent = new HashSet<(int, int)>();
                while (reader.Read())
                {
                    ct.ThrowIfCancellationRequested();
                    if (rows.Count >= limits.MaxRows)
                    {
                        return SpreadsheetReadResult.Fail("too_many_rows",
                            $"文件“{name}”的工作表“{sheetName}”超过 {limits.MaxRows} 行，不是报表。", $"{sheetName}!A{limits.MaxRows + 1}");
                    }
                    var width = reader.FieldCount;
                    if (width > limits.MaxColumns)
                    {
                        return SpreadsheetReadResult.Fail("too_many_columns",
                            $"文件“{name}”的工作表“{sheetName}”第 {rows.Count + 1} 行有 {width} 列，超过上限 {limits.MaxColumns} 列，不是报表。");
                    }
                    var row = new string?[width];
                    for (var c = 0; c < width; c++)
                    {
                        var value = reader.GetValue(c);
                        row[c] = ToText(value);
                        if (value is double && reader.GetNumberFormatString(c) is { } format && format.Contains('%', StringComparison.Ordinal))
                        {
                            percent.Add((rows.Count, c));
                        }
                    }
                    rows.Add(row);
                }
                var merged = (reader.MergeCells ?? [])
                    .Select(m => new MergedRange(m.FromRow, m.FromColumn, m.ToRow, m.ToColumn)).ToList();
                sheets.Add(new Sheet(sheetName, Trim(rows), merged, percent));
            }
            while (reader.NextResult());
            return new SpreadsheetReadResult(sheets, null);
        }
        catch (OperationCanceledException)
        {
            throw;
        }
        catch (InvalidPasswordException)
        {
            return SpreadsheetReadResult.Fail("workbook_password_protected", $"文件“{name}”设置了打开密码，无法读取；请去掉密码后重新报送。");
        }
        catch (HeaderException) when (Sniff(bytes) != ContentKind.Text)
        {
            return SpreadsheetReadResult.Fail("workbook_corrupt", $"文件“{name}”已损坏，无法读取（工作簿结构无效）。");
        }
        catch (HeaderException)
        {
            return SpreadsheetReadResult.Fail("not_a_workbook", $"文件“{name}”不是可识别的 Excel 工作簿（文件头无效，可能是改了扩展名的其他文件）。");
        }
        catch (Exception e) when (e is ExcelReaderException or InvalidDataException or EndOfStreamException or IOException
            or FormatException or InvalidOperationException or NotSupportedException or ArgumentException or IndexOutOfRangeException
            or InvalidCastException or OverflowException or NullReferenceException or System.Xml.XmlException or KeyNotFoundException
            or DecoderFallbackException)
        {
            return SpreadsheetReadResult.Fail("workbook_corrupt", $"文件“{name}”已损坏或不完整，无法读取（{e.GetType().Name}）。");
        }
        catch (OutOfMemoryException)
        {
            return SpreadsheetReadResult.Fail("workbook_too_large", $"文件“{name}”展开后过大，无法读取。");
        }
    }

    private static string? ToText(object? value) => value switch
    {
        null => null,
        string s => s.Length == 0 ? null : s,
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        DateTime t => t.TimeOfDay == TimeSpan.Zero
            ? t.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
            : t.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
        bool b => b ? "TRUE" : "FALSE",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };

    private static SpreadsheetReadResult ReadCsv(byte[] bytes, string name, SpreadsheetLimits limits, CancellationToken ct)
    {
        var text = DecodeText(bytes);
        var sheetName = Path.GetFileNameWithoutExtension(name);
        if (sheetName.Length == 0)
        {
            sheetName = "Sheet1";
        }
        var rows = new List<string?[]>();
        using var reader = new StringReader(text);
        foreach (var fields in Csv.Parse(reader))
        {
            ct.ThrowIfCancellationRequested();
            if (rows.Count >= limits.MaxRows)
            {
                return SpreadsheetReadResult.Fail("too_many_rows", $"文件“{name}”超过 {limits.MaxRows} 行，不是报表。", $"{sheetName}!A{limits.MaxRows + 1}");
            }
            if (fields.Length > limits.MaxColumns)
            {
                return SpreadsheetReadResult.Fail("too_many_columns",
                    $"文件“{name}”第 {rows.Count + 1} 行有 {fields.Length} 列，超过上限 {limits.MaxColumns} 列，不是报表。");
            }
            rows.Add(fields.Select(f => f.Length == 0 ? null : f).ToArray());
        }
        return new SpreadsheetReadResult([new Sheet(sheetName, Trim(rows), [], new HashSet<(int, int)>())], null);
    }

    /// <summary>UTF-8 (BOM or strictly valid), UTF-16 with a BOM, otherwise GB18030 as Chinese Excel saves CSV.</summary>
    public static string DecodeText(byte[] bytes)
    {
        if (bytes.AsSpan().StartsWith((byte[])[0xEF, 0xBB, 0xBF]))
        {
            return Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3);
        }
        if (bytes.Length >= 2 && bytes[0] == 0xFF && bytes[1] == 0xFE)
        {
            return Encoding.Unicode.GetString(bytes, 2, bytes.Length - 2);
        }
        if (bytes.Length >= 2 && bytes[0] == 0xFE && bytes[1] == 0xFF)
        {
            return Encoding.BigEndianUnicode.GetString(bytes, 2, bytes.Length - 2);
        }
        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            return Encoding.GetEncoding("GB18030").GetString(bytes);
        }
    }

    /// <summary>Drops trailing empty rows and cells so that sheet sizes reflect content.</summary>
    private static List<string?[]> Trim(List<string?[]> rows)
    {
        for (var r = 0; r < rows.Count; r++)
        {
            var row = rows[r];
            var last = row.Length - 1;
            while (last >= 0 && string.IsNullOrWhiteSpace(row[last]))
            {
                last--;
            }
            if (last < row.Length - 1)
            {
                rows[r] = row[..(last + 1)];
            }
        }
        var count = rows.Count;
        while (count > 0 && rows[count - 1].Length == 0)
        {
            count--;
        }
        rows.RemoveRange(count, rows.Count - count);
        return rows;
    }
}

/// <summary>A read-only stream that throws once its token is cancelled, so a parser reading through it stops at its next read.</summary>
public sealed class CancellableReadStream(Stream inner, CancellationToken cancellationToken) : Stream
{
    public override bool CanRead => true;
    public override bool CanSeek => inner.CanSeek;
    public override bool CanWrite => false;
    public override long Length => inner.Length;

    public override long Position
    {
        get => inner.Position;
        set => inner.Position = value;
    }

    public override int Read(byte[] buffer, int offset, int count)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return inner.Read(buffer, offset, count);
    }

    public override int Read(Span<byte> buffer)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return inner.Read(buffer);
    }

    public override long Seek(long offset, SeekOrigin origin) => inner.Seek(offset, origin);

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }
        base.Dispose(disposing);
    }
}
