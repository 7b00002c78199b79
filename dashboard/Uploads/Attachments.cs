using System.Globalization;
using MetadataExtractor;
using MetadataExtractor.Formats.QuickTime;
using Npgsql;
using ScienceWeek.Etl.Forms;
using ScienceWeek.Etl.Submissions;

namespace ScienceWeek.Dashboard.Uploads;

/// <summary>What the notices ask for with each year's statistics, besides the forms.</summary>
public enum AttachmentKind
{
    /// <summary>总结报告: .docx, .doc, .pdf, .wps.</summary>
    Report,
    /// <summary>活动照片: .jpg, .png.</summary>
    Photo,
    /// <summary>活动视频 of at most 3 minutes: .mp4, .mov.</summary>
    Video,
}

/// <summary>An attachment kept for a unit's year, as a page lists it.</summary>
public sealed record AttachmentRow(
    long Key, string FileName, AttachmentKind Kind, long SizeBytes, decimal? DurationSeconds, DateTimeOffset ReceivedAt,
    string UnitCode, string UnitName, int Year, string? Account);

/// <summary>The rules an attachment must pass before it is kept: its kind by extension, its size, its content and a video's length.</summary>
public static class AttachmentRules
{
    public const long MaxDocumentBytes = 20L * 1024 * 1024;
    public const long MaxVideoBytes = 500L * 1024 * 1024;
    public static readonly TimeSpan MaxVideoLength = TimeSpan.FromMinutes(3);

    public static AttachmentKind? KindOf(string fileName) => Path.GetExtension(fileName).ToLowerInvariant() switch
    {
        ".docx" or ".doc" or ".pdf" or ".wps" => AttachmentKind.Report,
        ".jpg" or ".jpeg" or ".png" => AttachmentKind.Photo,
        ".mp4" or ".mov" => AttachmentKind.Video,
        _ => null,
    };

    /// <summary>The largest file of this name taken in: a video may be larger than a form, a report or a photo.</summary>
    public static long MaxBytes(string fileName) => KindOf(fileName) == AttachmentKind.Video ? MaxVideoBytes : MaxDocumentBytes;

    public static string Zh(this AttachmentKind kind) => kind switch
    {
        AttachmentKind.Report => "总结报告",
        AttachmentKind.Photo => "照片",
        _ => "视频",
    };

    public static string Code(this AttachmentKind kind) => kind.ToString().ToLowerInvariant();

    /// <summary>Why the bytes are not what the extension says (a renamed binary), or null when they are.</summary>
    public static string? ContentProblem(string path, string fileName)
    {
        var head = new byte[12];
        int read;
        using (var stream = File.OpenRead(path))
        {
            read = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        }
        var bytes = head.AsSpan(0, read);
        var matches = Path.GetExtension(fileName).ToLowerInvariant() switch
        {
            ".jpg" or ".jpeg" => bytes.StartsWith((byte[])[0xFF, 0xD8, 0xFF]),
            ".png" => bytes.StartsWith((byte[])[0x89, (byte)'P', (byte)'N', (byte)'G']),
            ".pdf" => bytes.StartsWith("%PDF"u8),
            ".docx" => bytes.StartsWith((byte[])[(byte)'P', (byte)'K', 3, 4]),
            // Word 97-2003 and WPS documents are OLE compound files.
            ".doc" or ".wps" => bytes.StartsWith((byte[])[0xD0, 0xCF, 0x11, 0xE0]),
            ".mp4" or ".mov" => read >= 8 && (bytes[4..8].SequenceEqual("ftyp"u8) || bytes[4..8].SequenceEqual("moov"u8) || bytes[4..8].SequenceEqual("mdat"u8) || bytes[4..8].SequenceEqual("wide"u8)),
            _ => false,
        };
        return matches ? null : $"文件“{fileName}”的内容与扩展名 {Path.GetExtension(fileName)} 不符（可能是改了扩展名的其他文件），未保存。请上传原始文件。";
    }

    /// <summary>A video's length from its movie header (mvhd), or null when the file has none that can be read.</summary>
    public static TimeSpan? VideoLength(string path)
    {
        try
        {
            var header = ImageMetadataReader.ReadMetadata(path).OfType<QuickTimeMovieHeaderDirectory>().FirstOrDefault();
            if (header is null || !header.ContainsTag(QuickTimeMovieHeaderDirectory.TagDuration))
            {
                return null;
            }
            return header.GetObject(QuickTimeMovieHeaderDirectory.TagDuration) switch
            {
                TimeSpan span => span,
                var other when other is not null && double.TryParse(Convert.ToString(other, CultureInfo.InvariantCulture), NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) => TimeSpan.FromSeconds(seconds),
                _ => null,
            };
        }
        catch (Exception e) when (e is ImageProcessingException or IOException or ArgumentException or InvalidOperationException or OverflowException or IndexOutOfRangeException)
        {
            return null;
        }
    }

    /// <summary>A length as the reason names it: 3分20秒.</summary>
    public static string Minutes(TimeSpan length) => $"{(int)length.TotalMinutes}分{length.Seconds:00}秒";
}

/// <summary>
/// Keeps accepted attachments by hash in the archive, with their unit and year (table <c>attachment</c>), and rejected
/// ones in quarantine with a report, as rejected forms are kept.
/// </summary>
public sealed class AttachmentStore(NpgsqlDataSource dataSource, ImportFolders folders)
{
    private readonly ArchiveStore archive = new(folders.Archive);
    private readonly QuarantineStore quarantine = new(folders.Quarantine, TimeProvider.System);

    /// <summary>Keeps one checked attachment; the same bytes for the same unit and year are kept once (its key is returned again).</summary>
    public async Task<long> KeepAsync(string path, string fileName, AttachmentKind kind, TimeSpan? length, string unitCode, int year, string? account, CancellationToken cancellationToken)
    {
        var (sha256, size) = await Importer.HashAsync(path, cancellationToken);
        var archived = await archive.StoreAsync(path, sha256, cancellationToken);
        await using var batch = dataSource.CreateBatch();
        batch.BatchCommands.Add(new NpgsqlBatchCommand("insert into dim_year (year) values ($1) on conflict do nothing") { Parameters = { new() { Value = year } } });
        batch.BatchCommands.Add(new NpgsqlBatchCommand("""
            insert into attachment (sha256, file_name, kind, size_bytes, duration_seconds, reporting_unit_key, year, account_name, received_at, archive_path)
            select $1, $2, $3, $4, $5, u.reporting_unit_key, $6, $7, now(), $8 from dim_reporting_unit u where u.unit_code = $9
            on conflict (reporting_unit_key, year, sha256) do update set file_name = attachment.file_name
            returning attachment_key
            """)
        {
            Parameters =
            {
                new() { Value = sha256 }, new() { Value = fileName }, new() { Value = kind.Code() }, new() { Value = size },
                new() { Value = length is { } l ? Math.Round((decimal)l.TotalSeconds, 2) : DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Numeric },
                new() { Value = year }, new() { Value = (object?)account ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text },
                new() { Value = archived }, new() { Value = unitCode },
            },
        });
        return (long)(await batch.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>Keeps a rejected attachment in quarantine with its Chinese report; nothing goes into the warehouse.</summary>
    public async Task QuarantineAsync(string path, FormReadResult report, CancellationToken cancellationToken)
    {
        var (sha256, _) = await Importer.HashAsync(path, cancellationToken);
        await quarantine.StoreAsync(path, sha256, report, cancellationToken);
    }

    /// <summary>The attachments of a region and the regions below it for one year, newest first.</summary>
    public async Task<IReadOnlyList<AttachmentRow>> ListAsync(string regionCode, int year, CancellationToken cancellationToken) =>
        await ReadAsync($"""
            {SubmissionsQuery.RegionsWithin("$1")}
            select a.attachment_key, a.file_name, a.kind, a.size_bytes, a.duration_seconds, a.received_at, u.unit_code, u.unit_name, a.year, a.account_name
            from attachment a join dim_reporting_unit u using (reporting_unit_key)
            where u.region_key in (select region_key from in_scope) and a.year = $2
            order by a.kind, a.received_at desc
            limit 200
            """, [regionCode, year], cancellationToken);

    public async Task<AttachmentRow?> FindAsync(long key, CancellationToken cancellationToken) =>
        (await ReadAsync("""
            select a.attachment_key, a.file_name, a.kind, a.size_bytes, a.duration_seconds, a.received_at, u.unit_code, u.unit_name, a.year, a.account_name
            from attachment a join dim_reporting_unit u using (reporting_unit_key) where a.attachment_key = $1
            """, [key], cancellationToken)).FirstOrDefault();

    /// <summary>Where the original of a kept attachment is.</summary>
    public async Task<string?> ArchivePathAsync(long key, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("select sha256, file_name from attachment where attachment_key = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = key });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? archive.PathFor(reader.GetString(0), reader.GetString(1)) : null;
    }

    private async Task<List<AttachmentRow>> ReadAsync(string sql, object[] parameters, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(sql);
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        }
        var rows = new List<AttachmentRow>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new AttachmentRow(
                reader.GetInt64(0), reader.GetString(1), Enum.Parse<AttachmentKind>(reader.GetString(2), ignoreCase: true), reader.GetInt64(3),
                reader.IsDBNull(4) ? null : reader.GetDecimal(4), reader.GetFieldValue<DateTimeOffset>(5), reader.GetString(6), reader.GetString(7),
                reader.GetInt32(8), reader.IsDBNull(9) ? null : reader.GetString(9)));
        }
        return rows;
    }
}
