using ScienceWeek.Etl.Forms;

namespace ScienceWeek.Etl.Submissions;

/// <summary>The <c>import</c> line of one file: the <c>check</c> line (<see cref="FormReadJson"/>) plus <c>submission_id</c> and <c>load</c>;
/// like <c>check</c>, it names the file as it was given.</summary>
public static class ImportJson
{
    public static string Line(ImportResult result) =>
        FormReadJson.ToLine(result.Read with { File = result.Path }, writer =>
        {
            if (result.SubmissionId is { } id)
            {
                writer.WriteNumber("submission_id", id);
            }
            else
            {
                writer.WriteNull("submission_id");
            }
            writer.WriteString("load", result.Load);
        });

    /// <summary>A file the importer could not even take in (unreadable from disk, the warehouse down): nothing recorded.</summary>
    public static string Failed(string path, Exception error)
    {
        var read = new FormReadResult(path, FormStatus.Rejected, null, null, null, new Dictionary<string, SourcedValue>(), [],
            [new FormIssue(IssueSeverity.Error, "import_failed", $"导入失败：{error.GetType().Name}：{error.Message}", null)]);
        return FormReadJson.ToLine(read, writer =>
        {
            writer.WriteNull("submission_id");
            writer.WriteNull("load");
        });
    }
}
