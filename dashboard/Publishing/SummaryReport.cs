using ScienceWeek.Dashboard.Components.Display;
using ScienceWeek.Warehouse.Model;

namespace ScienceWeek.Dashboard.Publishing;

public sealed record ReportSection(string Heading, IReadOnlyList<string> Paragraphs);

public sealed record ReportTable(string Caption, IReadOnlyList<string> Header, IReadOnlyList<IReadOnlyList<string>> Rows);

/// <summary>A bar of a chart: a label and a value (null when not reported).</summary>
public sealed record ReportBar(string Label, decimal? Value, string Text);

/// <summary>
/// The drafted 总结报告 of a region and year: sections of Chinese sentences made from templates, and the tables and
/// chart series beside them. Every number is formatted by the dashboard's <see cref="ChineseFormat"/> helpers, from mart_region_value.
/// </summary>
public sealed record SummaryReport(
    string Title,
    string Region,
    int Year,
    IReadOnlyList<ReportSection> Sections,
    ReportTable Trend,
    ReportTable Funding,
    IReadOnlyList<ReportBar> ParticipantsTrend,
    IReadOnlyList<ReportBar> FundingSources)
{
    public string ParticipantsCaption => $"图1 {Region}近五年群众参与人次";

    public string FundingCaption => $"图2 {Region}{Year}年活动经费来源";

    private static readonly string[] Sources =
        [Measures.FundingCentral, Measures.FundingProvincial, Measures.FundingMunicipal, Measures.FundingCounty, Measures.FundingEnterprise, Measures.FundingInKind, Measures.FundingOther];

    private static readonly string[] TrendMeasures =
        [Measures.Activities, Measures.FundingTotal, Measures.ParticipantsTotal, Measures.MediaReports, Measures.VenuesOpened];

    public static SummaryReport Draft(PublishData data)
    {
        var name = data.Region.Name;
        var sections = new List<ReportSection>
        {
            new("一、总体情况", Overall(data)),
            new("二、经费投入", FundingParagraphs(data)),
            new("三、群众参与", Participation(data)),
            new("四、宣传报道", Media(data)),
            new("五、特色活动", Featured(data)),
            new("六、下级报送情况", SubUnits(data)),
        };
        var trend = new ReportTable($"表1 {name}近五年科技活动周主要指标",
            ["年度", .. TrendMeasures.Select(m => MeasureName(data, m))],
            [.. data.TrendRange.Select(y => (IReadOnlyList<string>)[$"{y}年", .. TrendMeasures.Select(m => Format(data, m, data.Value(m, y)))])]);
        var total = data.Value(Measures.FundingTotal);
        var funding = new ReportTable($"表2 {name}{data.Year}年活动经费来源", ["经费来源", "金额", "占比"],
            [.. Sources.Select(m => (IReadOnlyList<string>)[MeasureName(data, m), Format(data, m, data.Value(m)), Share(data.Value(m), total)]),
             ["合计", Format(data, Measures.FundingTotal, total), total is > 0 ? "100%" : "—"]]);
        return new SummaryReport(
            $"{name}{data.Year}年科技活动周工作总结", name, data.Year, sections, trend, funding,
            [.. data.TrendRange.Select(y => new ReportBar($"{y}", data.Value(Measures.ParticipantsTotal, y), Format(data, Measures.ParticipantsTotal, data.Value(Measures.ParticipantsTotal, y))))],
            [.. Sources.Select(m => new ReportBar(MeasureName(data, m), data.Value(m), Format(data, m, data.Value(m))))]);
    }

    private static List<string> Overall(PublishData data)
    {
        if (!data.HasValues)
        {
            return [$"截至目前，尚未收到{data.Region.Name}及其下级单位{data.Year}年科技活动周统计表，本节数据待报送后补充。"];
        }
        var parts = new[]
        {
            ("共开展科普活动", Measures.Activities),
            ("投入活动经费", Measures.FundingTotal),
            ("吸引群众参与", Measures.ParticipantsTotal),
            ("各类媒体宣传报道", Measures.MediaReports),
            ("开放科普场馆", Measures.VenuesOpened),
        }.Select(p => Clause(data, p.Item1, p.Item2));
        return
        [
            $"{data.Year}年科技活动周期间，{data.Region.Name}{string.Join("；", parts)}。",
            BasisSentence(data),
        ];
    }

    /// <summary>How the year's numbers were obtained: the region's own form, or summed from N forms below it.</summary>
    public static string BasisSentence(PublishData data) => data.Basis switch
    {
        null => $"本年度尚未收到{data.Region.Name}的统计数据。",
        { IsReported: true } => $"以上数据来自{data.Region.Name}本级报送的统计表。",
        var b => $"{data.Region.Name}未报送本级统计表，以上数据由下级 {b.ContributingForms} 份统计表汇总得出（直属下级地区 {b.ExpectedChildren} 个，其中 {b.ReportingChildren} 个有数据），仅供参考。",
    };

    /// <summary>“共开展科普活动120次，同比增长20%” in every case: rise, fall, no change, no previous year, not reported.</summary>
    public static string Clause(PublishData data, string lead, string measure)
    {
        var current = data.Value(measure);
        if (current is not { } now)
        {
            return $"{lead}情况未报送";
        }
        return $"{lead}{Format(data, measure, now)}，{Change(now, data.Value(measure, data.Year - 1))}";
    }

    /// <summary>The change on the year before in words.</summary>
    public static string Change(decimal now, decimal? before) => before switch
    {
        null => "上年无可比数据",
        0m when now == 0m => "与上年持平",
        0m => "上年为零，无法计算增幅",
        { } b when now == b => "与上年持平",
        { } b when now > b => $"同比增长{ChineseFormat.Percent((now - b) / b)}",
        { } b => $"同比下降{ChineseFormat.Percent((b - now) / b)}",
    };

    private static List<string> FundingParagraphs(PublishData data)
    {
        if (data.Value(Measures.FundingTotal) is not { } total)
        {
            return [$"{data.Region.Name}{data.Year}年经费投入情况未报送。"];
        }
        var fiscal = data.Value(Measures.FundingFiscal);
        var nonfiscal = data.Value(Measures.FundingNonfiscal);
        var text = $"全年科技活动周活动经费投入{Format(data, Measures.FundingTotal, total)}，{Change(total, data.Value(Measures.FundingTotal, data.Year - 1))}。";
        if (total > 0)
        {
            text += $"其中财政经费{Format(data, Measures.FundingFiscal, fiscal)}，占{Share(fiscal, total)}；非财政经费{Format(data, Measures.FundingNonfiscal, nonfiscal)}，占{Share(nonfiscal, total)}。";
            var sources = Sources.Where(m => data.Value(m) is > 0).Select(m => $"{MeasureName(data, m)}{Format(data, m, data.Value(m))}").ToList();
            if (sources.Count > 0)
            {
                text += $"按来源分，{string.Join("，", sources)}。";
            }
        }
        var paragraphs = new List<string> { text };
        if (data.Region.Population2020 is { } people && people > 0)
        {
            var perCapita = total * 10_000m / people;
            paragraphs.Add($"按第七次全国人口普查常住人口{ChineseFormat.Count(people)}人计算，人均投入{ChineseFormat.Number(perCapita)}元。");
        }
        return paragraphs;
    }

    private static List<string> Participation(PublishData data)
    {
        if (data.Value(Measures.ParticipantsTotal) is not { } total)
        {
            return [$"{data.Region.Name}{data.Year}年群众参与情况未报送。"];
        }
        var offline = data.Value(Measures.ParticipantsOffline);
        var online = data.Value(Measures.ParticipantsOnline);
        return
        [
            $"活动周期间群众参与{Format(data, Measures.ParticipantsTotal, total)}，{Change(total, data.Value(Measures.ParticipantsTotal, data.Year - 1))}。"
            + $"其中线下活动{(offline is null ? "参与情况未报送" : $"参与{Format(data, Measures.ParticipantsOffline, offline)}")}，"
            + $"线上活动{(online is null ? "参与情况未报送" : $"参与{Format(data, Measures.ParticipantsOnline, online)}")}"
            + (online is { } o && total > 0 ? $"，线上占{Share(o, total)}。" : "。"),
        ];
    }

    private static List<string> Media(PublishData data)
    {
        var outlets = data.Value(Measures.MediaOutlets);
        var reports = data.Value(Measures.MediaReports);
        if (outlets is null && reports is null)
        {
            return [$"{data.Region.Name}{data.Year}年宣传报道情况未报送。"];
        }
        return [$"{Clause(data, "参与媒体", Measures.MediaOutlets)}；{Clause(data, "刊发宣传报道", Measures.MediaReports)}。"];
    }

    private static List<string> Featured(PublishData data)
    {
        var chosen = data.Featured;
        if (chosen.Count == 0)
        {
            return [$"{data.Region.Name}及其下级单位本年度未推荐特色活动。"];
        }
        var lines = new List<string> { $"本年度推荐特色群众性科技活动{chosen.Count}项：" };
        lines.AddRange(chosen.Select((a, i) =>
            $"{i + 1}. {a.Name}{(a.Place is { Length: > 0 } p ? $"（{p}）" : "")}，由{a.RecommendedBy}推荐{(a.Description is { Length: > 0 } d ? $"。{d.TrimEnd('。')}" : "")}。"));
        return lines;
    }

    private static List<string> SubUnits(PublishData data)
    {
        if (data.Children.Count == 0)
        {
            return [$"{data.Region.Name}无下级地区。"];
        }
        var reporting = data.Children.Where(c => data.ChildValues.Row(c.Code, data.Year, Measures.ParticipantsTotal) is not null
            || Measures.OnForm.Any(m => data.ChildValues.Row(c.Code, data.Year, m) is not null)).ToList();
        var lines = new List<string>
        {
            reporting.Count == 0
                ? $"{data.Region.Name}直属下级地区{data.Children.Count}个，本年度均未报送统计表。"
                : $"{data.Region.Name}直属下级地区{data.Children.Count}个，其中{reporting.Count}个有本年度数据，覆盖率{ChineseFormat.Percent((decimal)reporting.Count / data.Children.Count)}。",
        };
        lines.Add(Timeliness(data));
        var changes = reporting
            .Select(c => (Region: c, Now: data.ChildValues.Value(c.Code, data.Year, Measures.ParticipantsTotal), Before: data.ChildValues.Value(c.Code, data.Year - 1, Measures.ParticipantsTotal)))
            .Where(c => c.Now is not null && c.Before is > 0)
            .Select(c => (c.Region, Rate: (c.Now!.Value - c.Before!.Value) / c.Before.Value))
            .OrderByDescending(c => c.Rate).ToList();
        if (changes.Count == 0)
        {
            lines.Add("下级地区均无上年可比数据，暂不比较群众参与的增减。");
            return lines;
        }
        var rise = changes[0];
        var fall = changes[^1];
        var text = rise.Rate > 0 ? $"群众参与人次增幅最大的是{rise.Region.Name}，同比增长{ChineseFormat.Percent(rise.Rate)}" : "各下级地区群众参与人次均未增长";
        text += fall.Rate < 0 ? $"；降幅最大的是{fall.Region.Name}，同比下降{ChineseFormat.Percent(-fall.Rate)}。" : "；没有下级地区下降。";
        lines.Add(text);
        return lines;
    }

    /// <summary>Who of the expected reporters sent the year's form by the deadline (报送进度), naming the late and the missing.</summary>
    public static string Timeliness(PublishData data)
    {
        var totals = data.Progress.Totals;
        static string Names(IEnumerable<string> names)
        {
            var list = names.ToList();
            return string.Join("、", list.Take(8)) + (list.Count > 8 ? $"等{list.Count}个" : "");
        }
        if (data.Progress.Deadline is not { } due)
        {
            return $"本年度未设报送截止日期：应报单位{totals.Expected}个（含功能区和部门），已报{totals.Reported}个，未报{totals.Missing}个。";
        }
        var text = $"按{ChineseFormat.Day(due)}的报送截止日期，应报单位{totals.Expected}个（含功能区和部门），已报{totals.Reported}个";
        var late = data.Progress.Rows.Where(r => r.IsReported && r.Statistics!.DaysLate is > 0).Select(r => $"{r.Name}{r.Statistics!.DaysLate}天");
        text += totals.Late > 0 ? $"，其中按时{totals.OnTime}个、逾期{totals.Late}个（{Names(late)}）"
            : totals.Reported > 0 ? "，均按时报送" : "";
        text += totals.Missing > 0 ? $"；未报{totals.Missing}个（{Names(data.Progress.Rows.Where(r => !r.IsReported).Select(r => r.Name))}）。" : "；无未报单位。";
        return text;
    }

    private static string MeasureName(PublishData data, string measure) => data.Catalogue.Measure(measure)?.NameZh ?? measure;

    /// <summary>A value as the dashboard shows it (594.5万元, 60万人次, 120次).</summary>
    public static string Format(PublishData data, string measure, decimal? value) =>
        ChineseFormat.Value(value, data.Catalogue.Measure(measure)?.UnitZh ?? "");

    private static string Share(decimal? part, decimal? total) =>
        part is { } p && total is { } t && t > 0 ? ChineseFormat.Percent(p / t) : "—";
}
