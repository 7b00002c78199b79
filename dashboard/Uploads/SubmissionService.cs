using System.Security.Claims;
using Npgsql;
using ScienceWeek.Accounts;
using ScienceWeek.Dashboard.Accounts;
using ScienceWeek.Etl.Forms;
using ScienceWeek.Etl.Submissions;
using ScienceWeek.Warehouse;

namespace ScienceWeek.Dashboard.Uploads;

/// <summary>One file of an upload, saved under a generated folder, with the name it was sent as (made safe).</summary>
public sealed record ReceivedUpload(string Path, string Name, bool TooLarge);

/// <summary>
/// Takes in uploaded forms through the same importer as the inbox (channel <c>upload</c>, with the account recorded):
/// reading, checks, archive, quarantine and ledger. A form whose unit lies outside the account's region is rejected
/// (<c>unit_out_of_scope</c>) and kept in quarantine. The marts are refreshed before the answer, so the numbers are on
/// the dashboard and in the API as soon as the clerk sees the report.
/// </summary>
public sealed class SubmissionService(Importer importer, AttachmentStore attachments, RegionScope scope, NpgsqlDataSource dataSource, WarehouseOptions warehouse)
{
    /// <summary>The largest spreadsheet accepted, checked while it streams in.</summary>
    public const long MaxFormBytes = AttachmentRules.MaxDocumentBytes;

    /// <summary>A folder of its own for one upload's files, under the data folder; removed once they are taken in.</summary>
    public string NewUploadFolder()
    {
        var folder = Path.Combine(warehouse.DataFolder, "uploads", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        return folder;
    }

    /// <summary>
    /// Imports the forms, then keeps the attachments (reports, photos, videos) for the unit and year of the forms sent with
    /// them, or else the account's own region and the year given. One JSON line per file, in the order sent: for a form
    /// the line <c>import</c> prints, for an attachment the same shape with <c>form</c> "attachment" and its <c>attachment</c>.
    /// </summary>
    /// <remarks><paramref name="submittedOn"/> is the day the unit really sent forms that staff back-fill (they came by email); without it, today.</remarks>
    public async Task<IReadOnlyList<string>> SubmitAsync(ClaimsPrincipal user, IReadOnlyList<ReceivedUpload> files, int? year, string? parent, CancellationToken cancellationToken,
        DateOnly? submittedOn = null)
    {
        var account = user.Identity?.Name ?? "";
        var own = user.RegionScopeCode();
        var context = new ReadContext(year, parent ?? (own == RegionScope.Nation ? null : own), submittedOn);
        var lines = new string?[files.Count];
        var forms = new List<ImportResult>();
        for (var i = 0; i < files.Count; i++)
        {
            var file = files[i];
            if (AttachmentRules.KindOf(file.Name) is not null)
            {
                continue;
            }
            var prepared = await importer.PrepareAsync(file.Path, context, ImportChannel.Upload, cancellationToken) with { Account = account };
            if (file.TooLarge)
            {
                prepared = prepared with { Form = Reject(prepared.Form, "file_too_large", $"文件“{file.Name}”超过 {MaxFormBytes / 1024 / 1024} MB，未读取。") };
            }
            else if (!prepared.Form.IsRejected && prepared.Form.Unit is { } unit && !await scope.ContainsAsync(own, unit.Code, cancellationToken))
            {
                var unitRegion = await scope.NameAsync(unit.Code, cancellationToken);
                var ownName = await scope.NameAsync(own, cancellationToken);
                prepared = prepared with
                {
                    Form = Reject(prepared.Form, "unit_out_of_scope",
                        $"文件“{file.Name}”的填报单位“{unit.Name}”（{unitRegion} {unit.Code}）不在本账号的报送范围“{ownName}”（{own}）内，未入库。请用该地区的账号报送，或联系管理员。"),
                };
            }
            var result = await importer.LoadAsync(prepared, cancellationToken) with { Path = file.Name };
            forms.Add(result);
            lines[i] = ImportJson.Line(result);
        }
        await ImportServices.RefreshLoadedAsync(dataSource, forms, cancellationToken);
        // Attachments belong to the unit and year of a form sent with them that was not rejected, else to the account's region.
        var owner = forms.Select(f => f.Read).FirstOrDefault(f => !f.IsRejected && f.Unit is not null);
        var unitOfAttachments = owner?.Unit ?? (own != RegionScope.Nation && await scope.ExistsAsync(own, cancellationToken) ? new ResolvedUnit(own, await scope.NameAsync(own, cancellationToken)) : null);
        var yearOfAttachments = owner?.Year ?? year;
        for (var i = 0; i < files.Count; i++)
        {
            if (AttachmentRules.KindOf(files[i].Name) is { } kind)
            {
                lines[i] = await AttachAsync(files[i], kind, unitOfAttachments, yearOfAttachments, account, cancellationToken);
            }
        }
        return [.. lines.OfType<string>()];
    }

    private async Task<string> AttachAsync(ReceivedUpload file, AttachmentKind kind, ResolvedUnit? unit, int? year, string account, CancellationToken cancellationToken)
    {
        TimeSpan? length = null;
        string? problem;
        if (file.TooLarge)
        {
            problem = $"{kind.Zh()}“{file.Name}”超过 {AttachmentRules.MaxBytes(file.Name) / 1024 / 1024} MB 的上限，未保存。请压缩后重新上传。";
        }
        else if (AttachmentRules.ContentProblem(file.Path, file.Name) is { } content)
        {
            problem = content;
        }
        else if (kind == AttachmentKind.Video && (length = AttachmentRules.VideoLength(file.Path)) is null)
        {
            problem = $"视频“{file.Name}”无法读取（找不到 MP4/MOV 的时长信息），未保存。请用手机或剪辑软件重新导出为 MP4 后上传。";
        }
        else if (length > AttachmentRules.MaxVideoLength)
        {
            problem = $"视频“{file.Name}”时长 {AttachmentRules.Minutes(length.Value)}，超过 3 分钟的上限，未保存。请剪辑到 3 分钟以内后重新上传。";
        }
        else if (unit is null)
        {
            problem = $"无法确定{kind.Zh()}“{file.Name}”属于哪个单位：请与本单位的统计表一同上传，或使用所辖地区的账号上传。";
        }
        else if (year is null)
        {
            problem = $"无法确定{kind.Zh()}“{file.Name}”属于哪一年：请填写年度，或与当年的统计表一同上传。";
        }
        else
        {
            problem = null;
        }
        var read = new FormReadResult(file.Name, problem is null ? FormStatus.Accepted : FormStatus.Rejected, "attachment", unit, year,
            new Dictionary<string, SourcedValue>(), [], problem is null ? [] : [new FormIssue(IssueSeverity.Error, "attachment_rejected", problem, null)]);
        long? key = null;
        if (problem is null)
        {
            key = await attachments.KeepAsync(file.Path, file.Name, kind, length, unit!.Code, year!.Value, account, cancellationToken);
        }
        else
        {
            await attachments.QuarantineAsync(file.Path, read, cancellationToken);
        }
        return FormReadJson.ToLine(read, writer =>
        {
            writer.WriteNull("submission_id");
            writer.WriteString("load", key is null ? LoadOutcome.Quarantined : "attached");
            writer.WriteStartObject("attachment");
            writer.WriteString("kind", kind.Code());
            if (key is { } id)
            {
                writer.WriteNumber("attachment_id", id);
            }
            else
            {
                writer.WriteNull("attachment_id");
            }
            if (length is { } l)
            {
                writer.WriteNumber("duration_seconds", Math.Round(l.TotalSeconds, 2));
            }
            writer.WriteEndObject();
        });
    }

    private static FormReadResult Reject(FormReadResult form, string code, string message) =>
        form with { Status = FormStatus.Rejected, Issues = [.. form.Issues, new FormIssue("error", code, message, null)] };
}
