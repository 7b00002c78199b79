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
public sealed class SubmissionService(Importer importer, RegionScope scope, NpgsqlDataSource dataSource, WarehouseOptions warehouse)
{
    /// <summary>The largest spreadsheet accepted, checked while it streams in.</summary>
    public const long MaxFormBytes = 20L * 1024 * 1024;

    /// <summary>A folder of its own for one upload's files, under the data folder; removed once they are taken in.</summary>
    public string NewUploadFolder()
    {
        var folder = Path.Combine(warehouse.DataFolder, "uploads", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        return folder;
    }

    /// <summary>Imports the files in order; one result per file, named as sent.</summary>
    public async Task<IReadOnlyList<ImportResult>> SubmitAsync(ClaimsPrincipal user, IReadOnlyList<ReceivedUpload> files, int? year, string? parent, CancellationToken cancellationToken)
    {
        var account = user.Identity?.Name ?? "";
        var own = user.RegionScopeCode();
        var context = new ReadContext(year, parent ?? (own == RegionScope.Nation ? null : own));
        var results = new List<ImportResult>(files.Count);
        foreach (var file in files)
        {
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
            var result = await importer.LoadAsync(prepared, cancellationToken);
            results.Add(result with { Path = file.Name });
        }
        if (results.Any(r => r.Load is LoadOutcome.Loaded or LoadOutcome.Superseded))
        {
            await ImportServices.RefreshMartsAsync(dataSource, cancellationToken);
        }
        return results;
    }

    private static FormReadResult Reject(FormReadResult form, string code, string message) =>
        form with { Status = FormStatus.Rejected, Issues = [.. form.Issues, new FormIssue("error", code, message, null)] };
}
