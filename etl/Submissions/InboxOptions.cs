namespace ScienceWeek.Etl.Submissions;

/// <summary>The inbox the worker watches; bound from the <c>Inbox</c> configuration section.</summary>
public sealed class InboxOptions
{
    public const string Section = "Inbox";

    /// <summary>The folder to watch; empty means <c>inbox/</c> under the data folder.</summary>
    public string? Folder { get; set; }

    /// <summary>How often the inbox job looks for new files.</summary>
    public int IntervalSeconds { get; set; } = 30;

    /// <summary>A file changed more recently than this may still be being copied in, and waits for the next run.</summary>
    public int SettleSeconds { get; set; } = 2;

    /// <summary>How many files are imported at once.</summary>
    public int Parallelism { get; set; } = Environment.ProcessorCount;

    /// <summary>How long parsing one file may take before it is rejected as hostile (parse_timeout): the reader's one time limit.</summary>
    public int ReadTimeoutSeconds { get; set; } = 10;

    public bool IsValid() =>
        IntervalSeconds is >= 1 and <= 86_400 && SettleSeconds is >= 0 and <= 3_600 && Parallelism is >= 1 and <= 64 && ReadTimeoutSeconds is >= 1 and <= 3_600;

    public const string Rules = "Inbox: IntervalSeconds 1..86400, SettleSeconds 0..3600, Parallelism 1..64, ReadTimeoutSeconds 1..3600.";
}
