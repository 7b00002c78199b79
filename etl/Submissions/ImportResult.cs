using ScienceWeek.Etl.Forms;

namespace ScienceWeek.Etl.Submissions;

/// <summary>What became of one received file.</summary>
/// <param name="Read">The form as read (with any issue the load added), as <c>check</c> would print it.</param>
/// <param name="SubmissionId">dim_submission.submission_key; for a duplicate, the submission already holding the bytes.</param>
/// <param name="Load">One of <see cref="LoadOutcome"/>.</param>
public sealed record ImportResult(
    string Path, FormReadResult Read, string Sha256, long? SubmissionId, string Load, string? ArchivePath, string? QuarantinePath);

public static class LoadOutcome
{
    /// <summary>The first submission of its unit, form and year.</summary>
    public const string Loaded = "loaded";

    /// <summary>Loaded as a newer version; the earlier one is kept as history.</summary>
    public const string Superseded = "superseded";

    /// <summary>The same bytes were loaded before; nothing loaded twice.</summary>
    public const string Duplicate = "duplicate";

    /// <summary>Rejected: recorded with its issues and copied to quarantine with a report.</summary>
    public const string Quarantined = "quarantined";
}

/// <summary>How a file reached the importer, as recorded in the received-file ledger.</summary>
public static class ImportChannel
{
    public const string Inbox = "inbox";
    public const string Command = "import";
    public const string Upload = "upload";
}
