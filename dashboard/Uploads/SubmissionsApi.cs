using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;
using ScienceWeek.Accounts;
using ScienceWeek.Dashboard.Accounts;
using ScienceWeek.Etl.Submissions;

namespace ScienceWeek.Dashboard.Uploads;

// POST /api/v1/submissions   multipart/form-data: one or more parts named "file"; optional fields "year" and "parent".
// 200 with a JSON array, one object per file, each the line `import` prints (the check line plus submission_id and load).
// 401 without credentials, 403 for a viewer or a parent outside the account's region, 400 for a malformed request,
// 413 when the whole request is larger than the limit.

public static class SubmissionsApi
{
    /// <summary>The largest request: several forms at once.</summary>
    public const long MaxRequestBytes = 200L * 1024 * 1024;

    private const int MaxFiles = 50;

    public static IEndpointRouteBuilder MapSubmissionsApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v1/submissions", SubmitAsync)
            .RequireAuthorization(AccountsSetup.SubmitPolicy)
            // The body is read as a stream below; a signed-in browser's request is checked for its antiforgery token there.
            .DisableAntiforgery();
        return app;
    }

    private static async Task<IResult> SubmitAsync(HttpContext context, SubmissionService submissions, RegionScope scope, IAntiforgery antiforgery, CancellationToken cancellationToken)
    {
        if (!context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
            && !await antiforgery.IsRequestValidAsync(context))
        {
            return Problem(StatusCodes.Status400BadRequest, "antiforgery", "Missing or invalid antiforgery token.", "页面已过期，请刷新后重新上传。");
        }
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = MaxRequestBytes;
        }
        var boundary = MediaTypeHeaderValue.TryParse(context.Request.ContentType, out var type) && type.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
            ? HeaderUtilities.RemoveQuotes(type.Boundary).Value
            : null;
        if (string.IsNullOrEmpty(boundary) || boundary.Length > 200)
        {
            return Problem(StatusCodes.Status400BadRequest, "not_multipart", "Send multipart/form-data with one or more parts named file.", "请以 multipart/form-data 上传，文件字段名为 file。");
        }

        var folder = submissions.NewUploadFolder();
        try
        {
            var files = new List<ReceivedUpload>();
            var fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            try
            {
                var reader = new MultipartReader(boundary, context.Request.Body) { HeadersLengthLimit = 16 * 1024 };
                for (var section = await reader.ReadNextSectionAsync(cancellationToken); section is not null; section = await reader.ReadNextSectionAsync(cancellationToken))
                {
                    if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition))
                    {
                        continue;
                    }
                    var name = HeaderUtilities.RemoveQuotes(disposition.Name).Value ?? "";
                    if (disposition.IsFileDisposition() && name == "file")
                    {
                        if (files.Count >= MaxFiles)
                        {
                            return Problem(StatusCodes.Status400BadRequest, "too_many_files", $"At most {MaxFiles} files per request.", $"每次最多上传 {MaxFiles} 个文件。");
                        }
                        var safe = UploadedFile.SafeName(HeaderUtilities.RemoveQuotes(disposition.FileNameStar.HasValue ? disposition.FileNameStar : disposition.FileName).Value);
                        // Each file in a folder of its own: two files of the same name never meet.
                        var path = Path.Combine(folder, files.Count.ToString(CultureInfo.InvariantCulture), safe);
                        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                        var tooLarge = await SaveAsync(section.Body, path, SubmissionService.MaxFormBytes, cancellationToken);
                        files.Add(new ReceivedUpload(path, safe, tooLarge));
                    }
                    else if (name is "year" or "parent" && !disposition.IsFileDisposition())
                    {
                        using var text = new StreamReader(section.Body, Encoding.UTF8);
                        var buffer = new char[64];
                        var read = await text.ReadBlockAsync(buffer, cancellationToken);
                        fields[name] = new string(buffer, 0, read).Trim();
                    }
                }
            }
            catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
            {
                return Problem(StatusCodes.Status413PayloadTooLarge, "request_too_large", $"The request is larger than {MaxRequestBytes / 1024 / 1024} MB.", $"上传内容超过 {MaxRequestBytes / 1024 / 1024} MB，请分批上传。");
            }
            catch (Exception e) when (e is IOException or InvalidDataException or BadHttpRequestException)
            {
                return Problem(StatusCodes.Status400BadRequest, "incomplete_upload", $"The upload could not be read to its end: {e.Message}", "上传未完整送达或格式有误，请重新上传。");
            }
            if (files.Count == 0)
            {
                return Problem(StatusCodes.Status400BadRequest, "no_file", "No part named file.", "没有收到文件：请用字段名 file 上传。");
            }
            int? year = null;
            if (fields.TryGetValue("year", out var yearText) && yearText.Length > 0)
            {
                if (!int.TryParse(yearText, NumberStyles.None, CultureInfo.InvariantCulture, out var y) || y is < 2001 or > 2100)
                {
                    return Problem(StatusCodes.Status400BadRequest, "invalid_year", "year must be a science-week year such as 2024.", "年度应为 2001 至 2100 之间的年份，如 2024。");
                }
                year = y;
            }
            var parent = fields.GetValueOrDefault("parent") is { Length: > 0 } p ? p : null;
            if (parent is not null && (!await scope.ExistsAsync(parent, cancellationToken) || !await scope.ContainsAsync(context.User.RegionScopeCode(), parent, cancellationToken)))
            {
                return Problem(StatusCodes.Status403Forbidden, "region_out_of_scope", $"parent {parent} is not a region within this account's scope.", $"上级地区 {parent} 不存在或不在本账号的权限范围内。");
            }
            var results = await submissions.SubmitAsync(context.User, files, year, parent, cancellationToken);
            var json = "[" + string.Join(",", results.Select(ImportJson.Line)) + "]";
            return Results.Text(json, "application/json; charset=utf-8");
        }
        finally
        {
            // The originals are kept by the archive (and quarantine); the upload folder goes.
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>Copies at most <paramref name="limit"/> bytes; true when the part was longer (the rest is drained, not kept).</summary>
    private static async Task<bool> SaveAsync(Stream body, string path, long limit, CancellationToken cancellationToken)
    {
        var buffer = new byte[81920];
        long total = 0;
        await using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, useAsync: true);
        int read;
        while ((read = await body.ReadAsync(buffer, cancellationToken)) > 0)
        {
            if (total + read > limit)
            {
                await file.WriteAsync(buffer.AsMemory(0, (int)Math.Max(0, limit - total)), cancellationToken);
                while (await body.ReadAsync(buffer, cancellationToken) > 0)
                {
                }
                return true;
            }
            await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            total += read;
        }
        return false;
    }

    private static IResult Problem(int status, string code, string message, string messageZh) =>
        Results.Json(new { error = code, message, message_zh = messageZh }, statusCode: status);
}
