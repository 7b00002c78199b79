using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using ScienceWeek.Etl.Submissions;

namespace ScienceWeek.Etl.Forms;

/// <summary>
/// Reads one received file into a <see cref="FormReadResult"/>: which form it is, whose it is, for which year, its values
/// or activities, and every problem found, each naming its cell. Never throws for a bad file.
/// </summary>
public sealed partial class FormReader(UnitDirectory units)
{
    private static readonly string[] UnitLinePrefixes =
        ["地方/部门", "地方、部门", "地方部门", "地方或部门", "填报单位", "报送单位", "推荐单位", "填报部门", "单位名称", "报送部门"];

    private static readonly string[] UnitLineEnds = ["填报日期", "报送日期", "日期", "填报人", "联系人", "联系电话", "电话", "  "];

    public SpreadsheetLimits Limits { get; init; } = SpreadsheetLimits.Default;

    /// <summary>The reader over the reference data shipped next to the program, with the default limits or another read time limit.</summary>
    public static FormReader Create(TimeSpan? readTimeout = null) =>
        new(UnitDirectory.Load(UnitDirectory.DefaultFolder)) { Limits = readTimeout is { } t ? SpreadsheetLimits.Default with { ParseTimeout = t } : SpreadsheetLimits.Default };

    public FormReadResult Read(string path, ReadContext context, CancellationToken ct) =>
        Interpret(Path.GetFileName(path), SpreadsheetReader.Read(path, Limits, ct), context);

    public FormReadResult Read(Stream content, string fileName, ReadContext context, CancellationToken ct) =>
        Interpret(Path.GetFileName(fileName), SpreadsheetReader.Read(content, fileName, Limits, ct), context);

    private FormReadResult Interpret(string fileName, SpreadsheetReadResult workbook, ReadContext context)
    {
        var issues = new FormIssues();
        if (workbook.Problem is { } problem)
        {
            issues.Error(problem.Code, problem.Message, problem.Cell);
            return Result(fileName, null, null, null, new Dictionary<string, SourcedValue>(), [], issues);
        }

        var statistics = workbook.Sheets
            .Select(s => (Sheet: s, Labels: StatisticsForm.FindLabels(s)))
            .Where(x => x.Labels.Select(l => l.Measure).Distinct().Count() >= StatisticsForm.MinimumLabels)
            .OrderByDescending(x => x.Labels.Select(l => l.Measure).Distinct().Count())
            .FirstOrDefault();
        var featured = statistics.Sheet is null
            ? workbook.Sheets.Select(s => (Sheet: s, Header: FeaturedForm.FindHeader(s))).FirstOrDefault(x => x.Header is not null)
            : default;
        var sheet = statistics.Sheet ?? featured.Sheet;
        if (sheet is null)
        {
            issues.Error("form_not_recognised",
                $"文件“{fileName}”不是可识别的科技活动周报表：找不到开展情况统计表的指标（如“科普活动开展次数”），也找不到推荐表的表头（序号、活动名称、活动简介…）。", null);
            return Result(fileName, null, null, null, new Dictionary<string, SourcedValue>(), [], issues);
        }
        var form = statistics.Sheet is not null ? FormKind.Statistics : FormKind.Featured;
        if (form == FormKind.Statistics && workbook.Sheets.FirstOrDefault(s => s != sheet && FeaturedForm.FindHeader(s) is not null) is { } other)
        {
            // One file, one form: a recommendation table travelling in the same workbook must be sent as its own file.
            issues.Warning("sheet_ignored", $"工作表“{other.Name}”是推荐表，未读取；请将推荐表作为单独的文件报送。", $"{other.Name}!A1");
        }

        var year = ReadYear(sheet, fileName, context, issues);
        var unit = ReadUnit(sheet, fileName, form, featured.Header, context, issues);

        IReadOnlyDictionary<string, SourcedValue> values = new Dictionary<string, SourcedValue>();
        IReadOnlyDictionary<string, SourcedValue> totals = new Dictionary<string, SourcedValue>();
        IReadOnlyList<FeaturedActivity> activities = [];
        if (form == FormKind.Statistics)
        {
            values = StatisticsForm.Read(sheet, statistics.Labels, issues);
            totals = StatisticsForm.ReadTotals(sheet, statistics.Labels);
        }
        else
        {
            var contextRegion = unit is null ? context.ParentCode : units.RegionOf(unit.Code) ?? context.ParentCode;
            activities = FeaturedForm.Read(sheet, featured.Header!, units, contextRegion, issues);
        }
        return Result(fileName, form, unit, year, values, activities, issues) with { ReportedTotals = totals };
    }

    private static FormReadResult Result(string file, string? form, ResolvedUnit? unit, int? year,
        IReadOnlyDictionary<string, SourcedValue> values, IReadOnlyList<FeaturedActivity> activities, FormIssues issues)
    {
        var status = issues.HasErrors ? FormStatus.Rejected : issues.HasWarnings ? FormStatus.Warning : FormStatus.Accepted;
        return new FormReadResult(file, status, form, unit, year, values, activities, issues.All);
    }

    [GeneratedRegex(@"(?<!\d)(20\d{2})\s*年")]
    private static partial Regex TitleYear();

    [GeneratedRegex(@"(?<!\d)(20\d{2})(?!\d)")]
    private static partial Regex BareYear();

    /// <summary>The year from the title (full-width digits too), else the file name, else the command line.</summary>
    private static int? ReadYear(Sheet sheet, string fileName, ReadContext context, FormIssues issues)
    {
        for (var r = 0; r < Math.Min(sheet.RowCount, 12); r++)
        {
            foreach (var cell in sheet.Rows[r])
            {
                if (cell is null)
                {
                    continue;
                }
                var text = cell.Normalize(NormalizationForm.FormKC);
                if (!IsTitle(text))
                {
                    continue;
                }
                var match = TitleYear().Match(text);
                if (match.Success)
                {
                    return int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
                }
            }
        }
        var fromName = BareYear().Match(fileName.Normalize(NormalizationForm.FormKC));
        if (fromName.Success)
        {
            return int.Parse(fromName.Groups[1].Value, CultureInfo.InvariantCulture);
        }
        if (context.Year is { } given)
        {
            return given;
        }
        issues.Error("year_missing", "找不到年度：标题、文件名中都没有年份（如“2024年”），也没有指定 --year。", null);
        return null;
    }

    private static bool IsTitle(string text) =>
        text.Contains("活动周", StringComparison.Ordinal) || text.Contains("统计表", StringComparison.Ordinal)
        || text.Contains("推荐表", StringComparison.Ordinal) || text.Contains("推荐清单", StringComparison.Ordinal)
        || text.Contains("科技周", StringComparison.Ordinal);

    private ResolvedUnit? ReadUnit(Sheet sheet, string fileName, string form, FeaturedHeader? header, ReadContext context, FormIssues issues)
    {
        var line = FindUnitLine(sheet, header?.Row ?? Math.Min(sheet.RowCount, 15));
        if (line is null && header is not null)
        {
            line = FeaturedForm.CommonRecommender(sheet, header);
        }
        if (line is null)
        {
            // Without a unit line, a file named after its unit (兰州市城关区2024年统计表.xlsx) still says whose it is.
            var stem = FileNameUnit(fileName);
            if (stem.Length >= 2 && units.Resolve(stem, context.ParentCode) is { Unit: { } fromName })
            {
                issues.Warning("unit_from_file_name", $"表中没有填报单位，按文件名认定为“{fromName.Name}”。", null);
                return fromName;
            }
            issues.Error("unit_missing",
                form == FormKind.Statistics ? "找不到填报单位：表头应有“地方/部门（盖章）：…”或“填报单位：…”。" : "找不到推荐单位：表头应有“推荐单位：…”。", null);
            return null;
        }
        var match = units.Resolve(line.Value.Text, context.ParentCode);
        if (match.Unit is { } unit)
        {
            if (context.ParentCode is { } parent && units.Region(parent) is { } parentRegion && !units.IsWithin(unit.Code, parent))
            {
                issues.Warning("unit_outside_parent",
                    $"填报单位“{line.Value.Text}”（{units.PathOf(units.RegionOf(unit.Code) ?? unit.Code)}）不在指定的上级地区“{units.PathOf(parentRegion.Code)}”内，请确认报送位置。",
                    line.Value.Cell);
            }
            return unit;
        }
        if (match.IsAmbiguous)
        {
            var candidates = string.Join("、", match.Candidates.Select(c => $"{units.PathOf(c.Code)}（{c.Code}）"));
            issues.Error("unit_ambiguous",
                $"填报单位“{line.Value.Text}”有多个同名地区：{candidates}；请写明上级地区（如“甘肃省兰州市城关区”），或指定上级地区（--parent 或按地区代码分文件夹报送）。",
                line.Value.Cell);
        }
        else
        {
            issues.Error("unit_unknown", $"填报单位“{line.Value.Text}”在参考数据的地区和部门中找不到。", line.Value.Cell);
        }
        return null;
    }

    /// <summary>A cell such as 地方/部门（盖章）：兰州市科学技术局, or the label with the name in a cell to its right.</summary>
    private static (string Text, string Cell)? FindUnitLine(Sheet sheet, int beforeRow)
    {
        for (var r = 0; r < Math.Min(beforeRow, sheet.RowCount); r++)
        {
            var row = sheet.Rows[r];
            for (var c = 0; c < row.Length; c++)
            {
                if (row[c] is not { } cell)
                {
                    continue;
                }
                var text = cell.Normalize(NormalizationForm.FormKC).Trim();
                var compact = text.Replace(" ", "", StringComparison.Ordinal).Replace("\u3000", "", StringComparison.Ordinal);
                if (!UnitLinePrefixes.Any(p => compact.StartsWith(p, StringComparison.Ordinal)) || !text.Contains(':', StringComparison.Ordinal))
                {
                    continue;
                }
                var value = Cut(text[(text.IndexOf(':', StringComparison.Ordinal) + 1)..]);
                if (value.Length > 0)
                {
                    return (value, sheet.Address(r, c));
                }
                for (var next = c + 1; next < row.Length; next++)
                {
                    if (row[next] is { } right && Cut(right.Normalize(NormalizationForm.FormKC)) is { Length: > 0 } rightValue)
                    {
                        return (rightValue, sheet.Address(r, next));
                    }
                }
            }
        }
        return null;
    }

    private static string Cut(string value)
    {
        var text = value.Trim();
        foreach (var end in UnitLineEnds)
        {
            var at = text.IndexOf(end, StringComparison.Ordinal);
            if (at > 0)
            {
                text = text[..at];
            }
        }
        return text.Replace("(盖章)", "", StringComparison.Ordinal).Replace("(公章)", "", StringComparison.Ordinal).Trim();
    }

    [GeneratedRegex(@"\d+|年|第|[（(].*?[)）]|科技活动周|科技周|开展情况|统计表|推荐表|推荐清单|特色|活动|汇总|报送|填报|附件|[-_.\s]")]
    private static partial Regex FileNameNoise();

    private static string FileNameUnit(string fileName) =>
        FileNameNoise().Replace(Path.GetFileNameWithoutExtension(fileName).Normalize(NormalizationForm.FormKC), "");
}

/// <summary>The issues found while reading one file.</summary>
public sealed class FormIssues
{
    private readonly List<FormIssue> all = [];

    public IReadOnlyList<FormIssue> All => all;
    public bool HasErrors => all.Any(i => i.IsError);
    public bool HasWarnings => all.Any(i => !i.IsError);

    public void Add(IssueSeverity severity, string code, string message, string? cell) => all.Add(new FormIssue(severity, code, message, cell));

    public void Error(string code, string message, string? cell) => Add(IssueSeverity.Error, code, message, cell);

    public void Warning(string code, string message, string? cell) => Add(IssueSeverity.Warning, code, message, cell);
}
