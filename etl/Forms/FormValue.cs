using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace ScienceWeek.Etl.Forms;

/// <summary>The outcome of reading one value cell: a number (or null when blank), and at most one issue.</summary>
public sealed record ParsedValue(decimal? Value, IssueSeverity? Severity, string? Code, string? Message)
{
    public bool IsError => Severity == IssueSeverity.Error;
}

/// <summary>
/// The value rules of the statistics form: NFKC, separators, unit words, 万/亿 for counts, 万元 for funding,
/// approximate values, zero words, and errors for negatives, percentages and other text.
/// </summary>
public static partial class FormValue
{
    private static readonly string[] ZeroWords = ["0", "无", "—", "——", "-", "--", "/", "─", "没有", "暂无", "零"];
    private static readonly string[] CountUnits = ["人次", "次", "场", "项", "个", "家", "所", "篇", "条", "人", "名", "位", "座", "处", "期", "批"];

    [GeneratedRegex(@"^(?<approxBefore>约|大约|近|将近|超过|逾|达|共)?(?<number>\d+(\.\d+)?|\.\d+)(?<suffix>.*)$")]
    private static partial Regex NumberPattern();

    /// <summary>Whether the text is one of the words that mean zero (无, —, / …).</summary>
    public static bool IsZeroWord(string text) => ZeroWords.Contains(Squeeze(text.Normalize(NormalizationForm.FormKC)));

    /// <param name="text">The cell's text (a numeric cell arrives as invariant text).</param>
    /// <param name="isPercentFormat">The cell is a number formatted as a percentage.</param>
    public static ParsedValue Parse(string? text, bool isFunding, bool isPercentFormat, string label)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return new ParsedValue(null, IssueSeverity.Warning, "value_blank", $"“{label}”未填写，按未报送处理。");
        }
        var s = Squeeze(text.Normalize(NormalizationForm.FormKC));
        if (isPercentFormat || s.Contains('%', StringComparison.Ordinal) || s.Contains('‰', StringComparison.Ordinal))
        {
            return Error("value_percentage", $"“{label}”填的是百分比（{text.Trim()}），应填写{(isFunding ? "金额（万元）" : "数量")}。");
        }
        if (ZeroWords.Contains(s))
        {
            return new ParsedValue(0m, null, null, null);
        }
        if (s.Length > 1 && (s[0] == '-' || s[0] == '−' || s[0] == '负') && (char.IsAsciiDigit(s[1]) || s[1] == '.'))
        {
            return Error("value_negative", $"“{label}”是负数（{text.Trim()}），不能为负。");
        }
        // Excel writes very large or very small numbers in exponent form.
        if (double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var exponent) && s.Contains('E', StringComparison.OrdinalIgnoreCase))
        {
            s = ((decimal)exponent).ToString(CultureInfo.InvariantCulture);
        }
        var match = NumberPattern().Match(s);
        if (!match.Success)
        {
            return Error("value_not_number", $"“{label}”不是数字（{text.Trim()}）。");
        }
        var number = decimal.Parse(match.Groups["number"].Value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);
        var suffix = match.Groups["suffix"].Value;
        var approximate = match.Groups["approxBefore"].Success && match.Groups["approxBefore"].Value is not ("达" or "共");
        if (suffix.EndsWith("左右", StringComparison.Ordinal))
        {
            suffix = suffix[..^2];
            approximate = true;
        }
        var multiplier = 1m;
        if (suffix.StartsWith('万'))
        {
            multiplier = 10_000m;
            suffix = suffix[1..];
        }
        else if (suffix.StartsWith('亿'))
        {
            multiplier = 100_000_000m;
            suffix = suffix[1..];
        }
        if (suffix.StartsWith('余') || suffix.StartsWith('多') || suffix.StartsWith('+'))
        {
            suffix = suffix[1..];
            approximate = true;
        }
        IssueSeverity? severity = null;
        string? code = null, message = null;
        decimal value;
        if (isFunding)
        {
            // The form's unit is 万元: 12.5 and 12.5万元 are the same; 50000元 is 5.
            switch (suffix)
            {
                case "" or "元" when multiplier == 10_000m:
                case "" when multiplier == 1m:
                    value = number;
                    break;
                case "元" when multiplier == 100_000_000m:
                    value = number * 10_000m;
                    break;
                case "元":
                    value = number / 10_000m;
                    (severity, code, message) = (IssueSeverity.Warning, "value_converted_from_yuan", $"“{label}”以元填写（{text.Trim()}），已换算为 {Format(value)} 万元。");
                    break;
                default:
                    return Error("value_not_number", $"“{label}”不是金额（{text.Trim()}），应填写万元数。");
            }
        }
        else
        {
            if (suffix.Length > 0 && !CountUnits.Contains(suffix))
            {
                return Error("value_not_number", $"“{label}”不是数量（{text.Trim()}）。");
            }
            value = number * multiplier;
            if (value != decimal.Truncate(value))
            {
                return Error("value_not_whole", $"“{label}”应为整数（{text.Trim()} = {Format(value)}）。");
            }
        }
        if (approximate)
        {
            (severity, code, message) = (IssueSeverity.Warning, "value_approximate",
                $"“{label}”是约数（{text.Trim()}），按 {Format(value)}{(isFunding ? " 万元" : "")} 读取。");
        }
        return new ParsedValue(Canonical(value), severity, code, message);
    }

    private static ParsedValue Error(string code, string message) => new(null, IssueSeverity.Error, code, message);

    /// <summary>Drops whitespace and thousands separators (1,234 and 1 234 are 1234).</summary>
    private static string Squeeze(string s)
    {
        var builder = new StringBuilder(s.Length);
        foreach (var c in s)
        {
            if (!char.IsWhiteSpace(c) && c is not (',' or '，' or '、' or '\''))
            {
                builder.Append(c);
            }
        }
        return builder.ToString();
    }

    /// <summary>12.50 → 12.5, 186.0 → 186.</summary>
    public static decimal Canonical(decimal value) => value / 1.000000000000000000000000000000000m;

    public static string Format(decimal value) => Canonical(value).ToString(CultureInfo.InvariantCulture);
}
