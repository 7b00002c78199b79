namespace ScienceWeek.Warehouse.Model;

public sealed class Region
{
    public int RegionKey { get; set; }
    public required string RegionCode { get; set; }
    public required string RegionName { get; set; }
    public required string ShortName { get; set; }
    public required string Level { get; set; }
    public bool IsFunctionalZone { get; set; }
    public bool HasDivisionCode { get; set; }
    public int? ParentRegionKey { get; set; }
    public Region? Parent { get; set; }
    public string? ProvinceCode { get; set; }
    public string? ProvinceName { get; set; }
    public string? CityCode { get; set; }
    public string? CityName { get; set; }
    public long? Population2020 { get; set; }
}

public sealed class ReportingUnit
{
    public int ReportingUnitKey { get; set; }
    public required string UnitCode { get; set; }
    public required string UnitName { get; set; }
    /// <summary><c>government</c> (a region's own bodies, a zone's 管委会) or <c>department</c>.</summary>
    public required string UnitKind { get; set; }
    public List<string> Aliases { get; set; } = [];
    public int RegionKey { get; set; }
    public Region? Region { get; set; }
}

public sealed class ScienceWeekYear
{
    public int Year { get; set; }
    public DateOnly? WeekStartDate { get; set; }
    public DateOnly? WeekEndDate { get; set; }
    public string? Theme { get; set; }
}

public sealed class Measure
{
    public required string MeasureCode { get; set; }
    public required string NameZh { get; set; }
    public required string UnitZh { get; set; }
    public required string MeasureGroup { get; set; }
    public bool IsTotal { get; set; }
    public int SortOrder { get; set; }
}

/// <summary>A received file that was checked: loaded (accepted/warning) or quarantined (rejected).</summary>
public sealed class Submission
{
    public long SubmissionKey { get; set; }
    public required string FileName { get; set; }
    public required string Sha256 { get; set; }
    public DateTimeOffset ReceivedAt { get; set; }
    public DateTimeOffset? LoadedAt { get; set; }
    public string? FormKind { get; set; }
    public int? ReportingUnitKey { get; set; }
    public ReportingUnit? ReportingUnit { get; set; }
    public int? Year { get; set; }
    public int? Version { get; set; }
    public required string Status { get; set; }
    public bool IsCurrent { get; set; }
    public long? SupersedesSubmissionKey { get; set; }
    public string? ArchivePath { get; set; }
    public string? QuarantinePath { get; set; }
    public List<SubmissionIssue> Issues { get; set; } = [];
}

public sealed class SubmissionIssue
{
    public long SubmissionKey { get; set; }
    public int IssueNumber { get; set; }
    public required string Severity { get; set; }
    public required string Code { get; set; }
    public required string Message { get; set; }
    public string? Cell { get; set; }
}
