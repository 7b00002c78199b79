using System.Globalization;

namespace ScienceWeek.Dashboard.Components.Display;

/// <summary>Chinese number and date conventions, used only where text reaches the page.</summary>
public static class ChineseFormat
{
    public static readonly CultureInfo Culture = CultureInfo.GetCultureInfo("zh-CN");

    private static readonly TimeZoneInfo china = FindChina();

    /// <summary>A count with 万/亿 once large: 8,560 / 12.35万 / 1.2亿.</summary>
    public static string Count(decimal value)
    {
        var abs = Math.Abs(value);
        if (abs >= 100_000_000m)
        {
            return Trim(value / 100_000_000m, 2) + "亿";
        }
        if (abs >= 10_000m)
        {
            return Trim(value / 10_000m, 2) + "万";
        }
        return value == Math.Round(value) ? value.ToString("N0", Culture) : Trim(value, 2);
    }

    /// <summary>Money held in 万元: 594.5万元, or 1.23亿元 from 10,000万元 on.</summary>
    public static string Money(decimal wan)
    {
        if (Math.Abs(wan) >= 10_000m)
        {
            return Trim(wan / 10_000m, 2) + "亿元";
        }
        return Trim(wan, 2) + "万元";
    }

    /// <summary>A value in its measure's unit: money as <see cref="Money"/>, counts as <see cref="Count"/> plus unit.</summary>
    public static string Value(decimal? value, string unit) => value is not { } v
        ? "—"
        : unit == "万元" ? Money(v) : Count(v) + unit;

    public static string Number(decimal? value, int decimals = 2) => value is { } v ? Trim(v, decimals) : "—";

    public static string Percent(decimal? share, int decimals = 1) => share is { } s ? Trim(s * 100m, decimals) + "%" : "—";

    /// <summary>A signed change: +12.3 / −4.</summary>
    public static string WithSign(string formatted, decimal delta) => delta > 0 ? "+" + formatted : delta < 0 ? "−" + formatted.TrimStart('-') : formatted;

    public static string DateTime(DateTimeOffset? at) => at is { } t
        ? TimeZoneInfo.ConvertTime(t, china).ToString("yyyy年M月d日 HH:mm", Culture)
        : "—";

    public static string Date(DateTimeOffset? at) => at is { } t
        ? TimeZoneInfo.ConvertTime(t, china).ToString("yyyy年M月d日", Culture)
        : "—";

    /// <summary>A calendar day (a submission day, a deadline): 2024年6月10日.</summary>
    public static string Day(DateOnly day) => day.ToString("yyyy年M月d日", Culture);

    public static string Level(string level) => level switch
    {
        "nation" => "全国",
        "province" => "省级",
        "city" => "市级",
        "county" => "县级",
        _ => level,
    };

    public static string Status(string status) => status switch
    {
        "accepted" => "已入库",
        "warning" => "入库（有提示）",
        "rejected" => "已退回",
        _ => status,
    };

    private static string Trim(decimal value, int decimals) =>
        Math.Round(value, decimals, MidpointRounding.AwayFromZero).ToString("#,0." + new string('#', decimals), Culture);

    private static TimeZoneInfo FindChina()
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
        }
        catch (TimeZoneNotFoundException)
        {
            return TimeZoneInfo.CreateCustomTimeZone("China", TimeSpan.FromHours(8), "China", "China");
        }
    }
}
