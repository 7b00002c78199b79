using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using ScienceWeek.Etl.Forms;

namespace ScienceWeek.Etl.Submissions;

/// <summary>The <c>import</c> line of one file: the <c>check</c> line plus <c>submission_id</c> and <c>load</c>.</summary>
public static class ImportJson
{
    public static readonly JsonSerializerOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static JsonObject Line(ImportResult result)
    {
        var line = CheckLine(result.Read);
        line["submission_id"] = result.SubmissionId;
        line["load"] = result.Load;
        return line;
    }

    /// <summary>A file the importer could not even take in (unreadable from disk, the warehouse down): nothing recorded.</summary>
    public static JsonObject Failed(string path, Exception error)
    {
        var read = new FormReadResult(Path.GetFileName(path), FormStatus.Rejected, null, null, null, new Dictionary<string, SourcedValue>(), [],
            [new FormIssue("error", "import_failed", $"导入失败：{error.GetType().Name}：{error.Message}", null)]);
        var line = CheckLine(read);
        line["submission_id"] = null;
        line["load"] = null;
        return line;
    }

    private static JsonObject CheckLine(FormReadResult read)
    {
        var values = new JsonObject();
        foreach (var (code, value) in read.Values)
        {
            values[code] = value.Value is { } number ? JsonValue.Create(FormValue.Canonical(number)) : null;
        }
        var line = new JsonObject
        {
            ["file"] = read.File,
            ["status"] = read.Status,
            ["form"] = read.Form,
            ["unit"] = read.Unit is null ? null : new JsonObject { ["code"] = read.Unit.Code, ["name"] = read.Unit.Name },
            ["year"] = read.Year,
            ["values"] = values,
        };
        if (read.Form == FormKind.Featured)
        {
            line["activities"] = new JsonArray([.. read.Activities.Select(a => (JsonNode)new JsonObject
            {
                ["name"] = a.Name, ["description"] = a.Description, ["when"] = a.When, ["place"] = a.Place,
                ["county"] = a.County, ["unit"] = a.Unit, ["contact"] = a.Contact,
            })]);
        }
        line["issues"] = new JsonArray([.. read.Issues.Select(i => (JsonNode)new JsonObject
        {
            ["severity"] = i.Severity, ["code"] = i.Code, ["message"] = i.Message, ["cell"] = i.Cell,
        })]);
        return line;
    }
}
