using System.Text;
using System.Text.RegularExpressions;
using ScienceWeek.Etl.Submissions;
using ScienceWeek.Warehouse.Model;

namespace ScienceWeek.Etl.Forms;

/// <summary>A cell whose text is one of the statistics form's item labels.</summary>
public sealed record StatisticsLabel(string Measure, int Row, int Column, int EndColumn, string Text);

/// <summary>
/// The statistics form (开展情况统计表, national 附件2 and its city re-issues): item labels with their values in a
/// column to the right, with or without the category column, around blank rows, header rows and notes.
/// </summary>
public static partial class StatisticsForm
{
    /// <summary>A sheet with fewer distinct item labels than this is not a statistics form.</summary>
    public const int MinimumLabels = 3;

    /// <summary>The national form's wording of each item, for messages.</summary>
    public static readonly IReadOnlyDictionary<string, string> Labels = new Dictionary<string, string>
    {
        [Measures.Activities] = "科普活动开展次数",
        [Measures.FundingCentral] = "中央财政经费投入情况",
        [Measures.FundingProvincial] = "省级、副省级财政经费投入情况",
        [Measures.FundingMunicipal] = "市级财政经费投入情况",
        [Measures.FundingCounty] = "县级财政经费投入情况",
        [Measures.FundingEnterprise] = "企业赞助经费情况",
        [Measures.FundingInKind] = "实物投入情况",
        [Measures.FundingOther] = "其他经费情况",
        [Measures.StaffFulltime] = "科普专职人员数量",
        [Measures.StaffScientists] = "科技工作者参与数量",
        [Measures.StaffVolunteers] = "招募科技志愿者数量",
        [Measures.StaffOther] = "其他人员数量",
        [Measures.ParticipantsOffline] = "线下活动群众参与数量",
        [Measures.ParticipantsOnline] = "线上活动群众参与数量",
        [Measures.MediaOutlets] = "参与媒体数量",
        [Measures.MediaReports] = "宣传报道数量",
        [Measures.VenuesOpened] = "活动周期间开放的科普场馆数量",
        [Measures.InstitutionsOpened] = "活动周期间开放的科研机构数量",
        [Measures.UniversitiesOpened] = "活动周期间开放的大学数量",
    };

    private static readonly string[] ValueHeaders = ["数值", "数量", "填报数", "填报数值", "填报数据", "数据", "本年数", "统计数", "完成数", "金额或数量"];

    [GeneratedRegex(@"[(\[【（].*?[)\]】）]|^[一二三四五六七八九十\d]+[、.．]|[:：]$")]
    private static partial Regex LabelNoise();

    /// <summary>The measure a label names, or null: 活动周期间开放的 科普场馆数量 and 中央财政经费投入情况（万元） read the same.</summary>
    public static string? MatchLabel(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        var s = Compact(text);
        if (s.Length is 0 or > 30 || s.StartsWith("填表说明", StringComparison.Ordinal) || s.StartsWith("说明", StringComparison.Ordinal)
            || s.StartsWith('注') || s.StartsWith("备注", StringComparison.Ordinal))
        {
            return null;
        }
        bool Has(string word) => s.Contains(word, StringComparison.Ordinal);
        bool Money() => Has("经费") || Has("财政") || Has("资金") || Has("投入");
        if (Has("线下") && (Has("参与") || Has("人次") || Has("群众") || Has("人数")))
        {
            return Measures.ParticipantsOffline;
        }
        if (Has("线上") && (Has("参与") || Has("人次") || Has("群众") || Has("人数") || Has("观看")))
        {
            return Measures.ParticipantsOnline;
        }
        if (Has("中央") && Money())
        {
            return Measures.FundingCentral;
        }
        if ((Has("省级") || Has("副省级") || Has("省财政")) && Money())
        {
            return Measures.FundingProvincial;
        }
        if ((Has("市级") || Has("市财政")) && Money())
        {
            return Measures.FundingMunicipal;
        }
        if ((Has("县级") || Has("县财政") || Has("区县")) && Money())
        {
            return Measures.FundingCounty;
        }
        if (Has("企业") && (Has("赞助") || Has("经费") || Has("资金")))
        {
            return Measures.FundingEnterprise;
        }
        if (Has("实物"))
        {
            return Measures.FundingInKind;
        }
        if (Has("其他") && (Has("经费") || Has("资金")))
        {
            return Measures.FundingOther;
        }
        if (Has("专职"))
        {
            return Measures.StaffFulltime;
        }
        if (Has("科技工作者"))
        {
            return Measures.StaffScientists;
        }
        if (Has("志愿者"))
        {
            return Measures.StaffVolunteers;
        }
        if (Has("其他") && Has("人员"))
        {
            return Measures.StaffOther;
        }
        if (Has("媒体") && !Has("报道"))
        {
            return Measures.MediaOutlets;
        }
        if (Has("报道") && (Has("数量") || Has("篇") || Has("条") || Has("次数")) && !Has("媒体"))
        {
            return Measures.MediaReports;
        }
        if (Has("场馆"))
        {
            return Measures.VenuesOpened;
        }
        if (Has("科研机构") || Has("科研院所"))
        {
            return Measures.InstitutionsOpened;
        }
        if ((Has("大学") || Has("高校") || Has("高等院校")) && (Has("开放") || Has("数量")))
        {
            return Measures.UniversitiesOpened;
        }
        if (Has("活动") && (Has("开展次数") || Has("活动次数") || Has("举办次数") || Has("场次") || Has("活动数量")) && !Has("参与") && !Has("经费"))
        {
            return Measures.Activities;
        }
        return null;
    }

    /// <summary>NFKC without whitespace, bracketed annotations, numbering or a trailing colon.</summary>
    private static string Compact(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text.Normalize(NormalizationForm.FormKC))
        {
            if (!char.IsWhiteSpace(c))
            {
                builder.Append(c);
            }
        }
        return LabelNoise().Replace(builder.ToString(), "");
    }

    public static IReadOnlyList<StatisticsLabel> FindLabels(Sheet sheet)
    {
        var labels = new List<StatisticsLabel>();
        for (var r = 0; r < sheet.RowCount; r++)
        {
            var row = sheet.Rows[r];
            // Two tables side by side (label, value, label, value) give two labels in one row, a value column apart.
            for (var c = 0; c < row.Length; c++)
            {
                if (MatchLabel(row[c]) is { } measure)
                {
                    var end = sheet.MergeAt(r, c)?.ToColumn ?? c;
                    labels.Add(new StatisticsLabel(measure, r, c, end, row[c]!));
                    c = end + 1;
                }
            }
        }
        return labels;
    }

    /// <summary>Per label column (a group's last column), the column holding its values.</summary>
    private static Dictionary<int, int> ValueColumns(Sheet sheet, IReadOnlyList<StatisticsLabel> labels)
    {
        var valueColumns = new Dictionary<int, int>();
        foreach (var group in labels.GroupBy(l => l.EndColumn))
        {
            // A group's values lie left of the next group of labels to its right.
            var rows = group.Select(l => l.Row).ToHashSet();
            var limit = labels.Where(l => l.Column > group.Key && rows.Contains(l.Row)).Select(l => l.Column).DefaultIfEmpty(int.MaxValue).Min();
            valueColumns[group.Key] = ValueColumn(sheet, [.. group], limit);
        }
        return valueColumns;
    }

    /// <summary>
    /// The total a line such as 经费合计, 小计 (under the funding category) or 群众参与合计 stands for, or null. The national form
    /// has no total line, but offices add them; the reader keeps what they wrote so the check total_mismatch can compare.
    /// </summary>
    public static string? MatchTotal(string? text, string? category)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        var s = Compact(text);
        if (s.Length > 20 || !(s.Contains("合计", StringComparison.Ordinal) || s.Contains("小计", StringComparison.Ordinal) || s.Contains("总计", StringComparison.Ordinal)))
        {
            return null;
        }
        // The line's own words decide; a bare 合计 or 小计 takes its category's.
        foreach (var words in (string[])[s, category is null ? "" : Compact(category)])
        {
            bool Has(string word) => words.Contains(word, StringComparison.Ordinal);
            if (Has("非财政"))
            {
                return Measures.FundingNonfiscal;
            }
            if (Has("财政"))
            {
                return Measures.FundingFiscal;
            }
            if (Has("经费") || Has("资金") || Has("投入"))
            {
                return Measures.FundingTotal;
            }
            if (Has("人员"))
            {
                return Measures.StaffTotal;
            }
            if (Has("群众") || Has("参与"))
            {
                return Measures.ParticipantsTotal;
            }
        }
        return null;
    }

    /// <summary>The total lines the sheet carries (<see cref="MatchTotal"/>), with their values in the items' value column.</summary>
    public static IReadOnlyDictionary<string, SourcedValue> ReadTotals(Sheet sheet, IReadOnlyList<StatisticsLabel> labels)
    {
        var valueColumns = ValueColumns(sheet, labels);
        var labelRows = labels.Select(l => l.Row).ToHashSet();
        var totals = new Dictionary<string, SourcedValue>();
        for (var r = labels.Min(l => l.Row); r <= labels.Max(l => l.Row) + 1 && r < sheet.RowCount; r++)
        {
            var row = sheet.Rows[r];
            for (var c = 0; c < row.Length && !labelRows.Contains(r); c++)
            {
                var category = sheet.Merged.FirstOrDefault(m => m.FromRow <= r && r <= m.ToRow && m.ToColumn < c);
                var categoryText = category is not null ? sheet.Text(category.FromRow, category.FromColumn) : null;
                if (MatchTotal(row[c], categoryText) is not { } measure || totals.ContainsKey(measure))
                {
                    continue;
                }
                var end = sheet.MergeAt(r, c)?.ToColumn ?? c;
                var group = valueColumns.Keys.OrderBy(k => Math.Abs(k - end)).First();
                var column = valueColumns[group] > end ? valueColumns[group] : end + 1;
                var parsed = FormValue.Parse(sheet.Text(r, column), Measures.IsFunding(measure), sheet.IsPercent(r, column), row[c]!);
                if (!parsed.IsError && parsed.Value is not null)
                {
                    totals[measure] = new SourcedValue(parsed.Value, sheet.Name, CellAddress.A1(r, column));
                }
                break;
            }
        }
        return totals;
    }

    public static IReadOnlyDictionary<string, SourcedValue> Read(Sheet sheet, IReadOnlyList<StatisticsLabel> labels, FormIssues issues)
    {
        var valueColumns = ValueColumns(sheet, labels);
        var values = new Dictionary<string, SourcedValue>();
        foreach (var label in labels.OrderBy(l => l.Row).ThenBy(l => l.Column))
        {
            var valueColumn = valueColumns[label.EndColumn];
            var column = valueColumn > label.EndColumn ? valueColumn : label.EndColumn + 1;
            var cell = sheet.Address(label.Row, column);
            if (values.TryGetValue(label.Measure, out var first))
            {
                issues.Warning("label_duplicate", $"指标“{Labels[label.Measure]}”出现了两次，只读取第一处（{first.Sheet}!{first.Cell}）。", sheet.Address(label.Row, label.Column));
                continue;
            }
            var isFunding = Measures.IsFunding(label.Measure);
            var text = sheet.Text(label.Row, column);
            if (string.IsNullOrWhiteSpace(text) && InlineValue(label) is { } inline)
            {
                // 科普活动开展次数：186次 in one cell, nothing beside it: the value is the label cell's own.
                (text, column, cell) = (inline, label.Column, sheet.Address(label.Row, label.Column));
            }
            if (isFunding && !string.IsNullOrWhiteSpace(text) && InYuan(sheet, label) && IsPlainNumber(text))
            {
                // The label says the column is in 元 although the national form asks for 万元.
                text += "元";
            }
            var parsed = FormValue.Parse(text, isFunding, sheet.IsPercent(label.Row, column), Labels[label.Measure]);
            if (parsed.Severity is { } severity)
            {
                issues.Add(severity, parsed.Code!, $"{cell}：{parsed.Message}", cell);
            }
            values[label.Measure] = new SourcedValue(parsed.IsError ? null : parsed.Value, sheet.Name, CellAddress.A1(label.Row, column));
        }
        foreach (var measure in Measures.OnForm.Where(m => !values.ContainsKey(m)))
        {
            issues.Warning("measure_missing", $"表中没有指标“{Labels[measure]}”，按未报送处理。", null);
        }
        return values;
    }

    /// <summary>
    /// The value written after the label in the label's own cell (科普活动开展次数：186次), or null. Only when the words before
    /// the colon name the same item and what follows holds a digit or a zero word, so that 其中：线上活动群众参与数量 and
    /// （如：捐赠图书…） are never taken for values.
    /// </summary>
    private static string? InlineValue(StatisticsLabel label)
    {
        var text = LabelNoise().Replace(label.Text.Normalize(NormalizationForm.FormKC).Trim(), "");
        var colon = text.LastIndexOf(':');
        if (colon <= 0)
        {
            return null;
        }
        var value = text[(colon + 1)..].Trim();
        var names = MatchLabel(text[..colon]) == label.Measure;
        return names && (value.Any(char.IsAsciiDigit) || FormValue.IsZeroWord(value)) ? value : null;
    }

    /// <summary>
    /// The column holding the values: the one under a header such as 数值, else the column right of the labels whose cells
    /// most often read as values (a 单位 column holding 万元 loses to the numbers).
    /// </summary>
    private static int ValueColumn(Sheet sheet, IReadOnlyList<StatisticsLabel> labels, int limit)
    {
        var firstRow = labels.Min(l => l.Row);
        var labelEnd = labels.Max(l => l.EndColumn);
        for (var r = firstRow - 1; r >= Math.Max(0, firstRow - 4); r--)
        {
            var row = sheet.Rows[r];
            for (var c = labelEnd + 1; c < Math.Min(row.Length, limit); c++)
            {
                if (row[c] is { } header && ValueHeaders.Contains(Compact(header)))
                {
                    return c;
                }
            }
        }
        var scores = new Dictionary<int, int>();
        foreach (var label in labels)
        {
            var row = sheet.Rows[label.Row];
            for (var c = label.EndColumn + 1; c < Math.Min(row.Length, limit); c++)
            {
                if (!string.IsNullOrWhiteSpace(row[c]))
                {
                    var parsed = FormValue.Parse(row[c], Measures.IsFunding(label.Measure), false, "");
                    scores[c] = scores.GetValueOrDefault(c) + (parsed.IsError ? 1 : 3);
                }
            }
        }
        return scores.Count == 0 ? -1 : scores.OrderByDescending(s => s.Value).ThenBy(s => s.Key).First().Key;
    }

    /// <summary>Whether the label or its category cell says the amounts are in 元 rather than 万元.</summary>
    private static bool InYuan(Sheet sheet, StatisticsLabel label)
    {
        static bool SaysYuan(string? text)
        {
            if (text is null)
            {
                return false;
            }
            var s = text.Normalize(NormalizationForm.FormKC).Replace(" ", "", StringComparison.Ordinal);
            return (s.Contains("(元)", StringComparison.Ordinal) || s.Contains("单位:元", StringComparison.Ordinal)) && !s.Contains("万元", StringComparison.Ordinal);
        }
        if (SaysYuan(label.Text))
        {
            return true;
        }
        var category = sheet.Merged.FirstOrDefault(m => m.FromRow <= label.Row && label.Row <= m.ToRow && m.ToColumn < label.Column);
        var categoryText = category is not null ? sheet.Text(category.FromRow, category.FromColumn)
            : label.Column > 0 ? sheet.Text(label.Row, label.Column - 1) : null;
        return SaysYuan(categoryText);
    }

    private static bool IsPlainNumber(string text) =>
        decimal.TryParse(text.Normalize(NormalizationForm.FormKC).Replace(",", "", StringComparison.Ordinal).Trim(),
            System.Globalization.NumberStyles.AllowDecimalPoint, System.Globalization.CultureInfo.InvariantCulture, out _);
}
