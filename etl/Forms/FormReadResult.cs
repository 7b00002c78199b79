namespace ScienceWeek.Etl.Forms;

/// <summary>What reading one received file produced: the form's content, or why it cannot be used.</summary>
/// <param name="File">The file name as received.</param>
/// <param name="Status"><c>accepted</c>, <c>warning</c> (accepted with warnings) or <c>rejected</c>.</param>
/// <param name="Form"><c>statistics</c>, <c>featured</c>, or null when not recognised.</param>
/// <param name="Values">Measure code → value and source cell; statistics forms only; a blank cell has a null value.</param>
public sealed record FormReadResult(
    string File,
    string Status,
    string? Form,
    ResolvedUnit? Unit,
    int? Year,
    IReadOnlyDictionary<string, SourcedValue> Values,
    IReadOnlyList<FeaturedActivity> Activities,
    IReadOnlyList<FormIssue> Issues)
{
    public bool IsRejected => Status == FormStatus.Rejected;
}

public static class FormStatus
{
    public const string Accepted = "accepted";
    public const string Warning = "warning";
    public const string Rejected = "rejected";
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

/// <param name="Severity"><c>error</c> or <c>warning</c>.</param>
/// <param name="Message">In Chinese, for the clerk who filled in the form.</param>
/// <param name="Cell">Such as <c>Sheet1!C6</c>, when the issue concerns one cell.</param>
public sealed record FormIssue(string Severity, string Code, string Message, string? Cell);

/// <summary>What the caller knows beyond the file: the year and parent region from the command line or the inbox sub-folder.</summary>
public sealed record ReadContext(int? Year = null, string? ParentCode = null);
