namespace ScienceWeek.Etl.Forms;

/// <summary>What reading one received file produced: the form's content, or why it cannot be used.</summary>
/// <param name="File">The file name as received.</param>
/// <param name="Status">Accepted, accepted with warnings, or rejected.</param>
/// <param name="Form"><c>statistics</c>, <c>featured</c>, or null when not recognised.</param>
/// <param name="Values">Measure code → value and source cell; statistics forms only; a blank cell has a null value.</param>
public sealed record FormReadResult(
    string File,
    FormStatus Status,
    string? Form,
    ResolvedUnit? Unit,
    int? Year,
    IReadOnlyDictionary<string, SourcedValue> Values,
    IReadOnlyList<FeaturedActivity> Activities,
    IReadOnlyList<FormIssue> Issues)
{
    public bool IsRejected => Status == FormStatus.Rejected;

    /// <summary>Total lines the form carries (经费合计 …), measure code → what it says; most forms have none.</summary>
    public IReadOnlyDictionary<string, SourcedValue> ReportedTotals { get; init; } = new Dictionary<string, SourcedValue>();
}

/// <summary>What reading decided about a file; written as <see cref="FormCodes.Code(FormStatus)"/> in JSON lines and the warehouse.</summary>
public enum FormStatus
{
    Accepted,
    Warning,
    Rejected,
}

/// <summary>How bad one issue is: an error rejects the file, a warning lets it load.</summary>
public enum IssueSeverity
{
    Error,
    Warning,
}

/// <summary>The one spelling of statuses and severities outside the code: JSON lines, dim_submission, submission_issue.</summary>
public static class FormCodes
{
    public static string Code(this FormStatus status) => status switch
    {
        FormStatus.Accepted => "accepted",
        FormStatus.Warning => "warning",
        _ => "rejected",
    };

    public static string Code(this IssueSeverity severity) => severity == IssueSeverity.Warning ? "warning" : "error";
}

public static class FormKind
{
    public const string Statistics = "statistics";
    public const string Featured = "featured";
}

/// <summary>The unit a form belongs to: <c>Code</c> is dim_reporting_unit.unit_code (a region code, or a department's code).</summary>
public sealed record ResolvedUnit(string Code, string Name);

/// <summary>A number and the cell it came from (sheet name and A1 address).</summary>
public sealed record SourcedValue(decimal? Value, string Sheet, string Cell);

/// <summary>One row of a featured-activity recommendation table (推荐表).</summary>
/// <param name="County">The county-level region code the place resolved to, or null.</param>
public sealed record FeaturedActivity(
    int RowNumber, string Name, string? Description, string? When, string? Place, string? County,
    string? Unit, string? Contact, string Sheet, string Cell);

/// <param name="Message">In Chinese, for the clerk who filled in the form.</param>
/// <param name="Cell">Such as <c>Sheet1!C6</c>, when the issue concerns one cell.</param>
/// <param name="Severity">The <see cref="IssueSeverity"/>'s code (<c>error</c>, <c>warning</c>), as JSON lines and submission_issue spell it.</param>
public sealed record FormIssue(string Severity, string Code, string Message, string? Cell)
{
    public FormIssue(IssueSeverity severity, string code, string message, string? cell)
        : this(severity.Code(), code, message, cell)
    {
    }

    public bool IsError => Severity == IssueSeverity.Error.Code();
}

/// <summary>What the caller knows beyond the file: the year and parent region from the command line or the inbox sub-folder.</summary>
/// <param name="SubmittedOn">The day the unit really submitted, when staff back-fill a form that came by email; null for the day it is received.</param>
public sealed record ReadContext(int? Year = null, string? ParentCode = null, DateOnly? SubmittedOn = null);
