using Npgsql;
using ScienceWeek.Dashboard.Accounts;
using ScienceWeek.Etl.Submissions;

namespace ScienceWeek.Dashboard.Uploads;

/// <summary>Whose a kept original is: the unit it was read as (if any) and the account that sent it (for an upload).</summary>
public sealed record SourceFileOwner(string? UnitCode, string? Account);

/// <summary>
/// The originals kept by the archive, downloadable at <c>/files/submissions/{received_file_key}</c> (forms) and
/// <c>/files/attachments/{attachment_key}</c> (reports, photos, videos). Who may download
/// one is decided by <see cref="RegionScopeCheck"/> (the sender, or an account whose region holds the file's unit), with
/// <see cref="OwnerAsync"/> answering whose the file is; this class only finds and serves it.
/// </summary>
public sealed class SourceFiles(NpgsqlDataSource dataSource, ImportFolders folders, AttachmentStore attachments)
{
    public const string SubmissionsPath = "/files/submissions";

    public const string AttachmentsPath = "/files/attachments";

    public static string SubmissionLink(long receivedFileKey) => $"{SubmissionsPath}/{receivedFileKey}";

    public static string AttachmentLink(long attachmentKey) => $"{AttachmentsPath}/{attachmentKey}";

    /// <summary>The kept original a path names (an attachment or a received form), or null when it names none.</summary>
    public static (bool IsAttachment, long Key)? Parse(PathString path)
    {
        foreach (var (prefix, isAttachment) in (ReadOnlySpan<(string, bool)>)[(SubmissionsPath, false), (AttachmentsPath, true)])
        {
            if (path.StartsWithSegments(prefix, out var rest) && long.TryParse(rest.Value?.TrimStart('/'), System.Globalization.NumberStyles.None, null, out var key))
            {
                return (isAttachment, key);
            }
        }
        return null;
    }

    public async Task<SourceFileOwner?> OwnerAsync((bool IsAttachment, long Key) file, CancellationToken cancellationToken) =>
        file.IsAttachment
            ? await attachments.FindAsync(file.Key, cancellationToken) is { } found ? new SourceFileOwner(found.UnitCode, found.Account) : null
            : await SubmissionOwnerAsync(file.Key, cancellationToken);

    private async Task<SourceFileOwner?> SubmissionOwnerAsync(long receivedFileKey, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            select u.unit_code, f.account_name
            from received_file f
            left join dim_submission s on s.submission_key = f.submission_key
            left join dim_reporting_unit u on u.reporting_unit_key = s.reporting_unit_key
            where f.received_file_key = $1
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = receivedFileKey });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new SourceFileOwner(reader.IsDBNull(0) ? null : reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1))
            : null;
    }

    /// <summary>The archived original by its hash, and the (already made safe) name it was received as.</summary>
    public async Task<(string Path, string Name)?> OriginalAsync(long receivedFileKey, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("select sha256, file_name from received_file where received_file_key = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = receivedFileKey });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }
        var name = reader.GetString(1);
        var path = new ArchiveStore(folders.Archive).PathFor(reader.GetString(0), name);
        return File.Exists(path) ? (path, name) : null;
    }
}

public static class SourceFileEndpoints
{
    public static IEndpointRouteBuilder MapSourceFiles(this IEndpointRouteBuilder app)
    {
        app.MapGet(SourceFiles.SubmissionsPath + "/{key:long}", async (long key, SourceFiles files, CancellationToken cancellationToken) =>
            await files.OriginalAsync(key, cancellationToken) is { } found
                ? Results.File(found.Path, "application/octet-stream", found.Name)
                : Results.NotFound());
        app.MapGet(SourceFiles.AttachmentsPath + "/{key:long}", async (long key, HttpContext context, AttachmentStore attachments, CancellationToken cancellationToken) =>
        {
            if (await attachments.FindAsync(key, cancellationToken) is not { } found || await attachments.ArchivePathAsync(key, cancellationToken) is not { } path || !File.Exists(path))
            {
                return Results.NotFound();
            }
            // Photos are shown on the region page as they were sent; the browser must take them for nothing but images.
            context.Response.Headers.XContentTypeOptions = "nosniff";
            return Results.File(path, ContentType(found.FileName), found.FileName, enableRangeProcessing: true);
        });
        return app;
    }

    private static string ContentType(string fileName) => Path.GetExtension(fileName).ToLowerInvariant() switch
    {
        ".jpg" or ".jpeg" => "image/jpeg",
        ".png" => "image/png",
        ".mp4" => "video/mp4",
        ".mov" => "video/quicktime",
        ".pdf" => "application/pdf",
        _ => "application/octet-stream",
    };
}
