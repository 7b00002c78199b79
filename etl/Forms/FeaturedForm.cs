using System.Globalization;
using System.Text;
using ScienceWeek.Etl.Submissions;

namespace ScienceWeek.Etl.Forms;

/// <summary>Where the columns of a recommendation table are; -1 when absent.</summary>
public sealed record FeaturedHeader(int Row, int Number, int Name, int Description, int WhenAndPlace, int When, int Place, int Unit, int Contact);

/// <summary>
/// The featured-activity recommendation table (推荐表 / 推荐清单): 序号, 活动名称, 活动简介, 举办时间、地点, 推荐单位, 联系人及电话.
/// At most five activities per recommending unit and year (a form is one year's, so: per recommending unit of a form; a
/// city's list gathering its counties' picks loads), 简介 at most 100 characters, the place named to the county.
/// fact_featured_activity's recommender_rank check states the same limit.
/// </summary>
public static class FeaturedForm
{
    public const int MaxActivitiesPerUnit = 5;
    public const int MaxDescriptionLength = 100;

    public static FeaturedHeader? FindHeader(Sheet sheet)
    {
        for (var r = 0; r < Math.Min(sheet.RowCount, 30); r++)
        {
            var row = sheet.Rows[r];
            int Find(Func<string, bool> test)
            {
                for (var c = 0; c < row.Length; c++)
                {
                    if (row[c] is { } text && test(Compact(text)))
                    {
                        return c;
                    }
                }
                return -1;
            }
            var name = Find(t => t.Contains("活动名称", StringComparison.Ordinal) || t == "名称" || t == "项目名称");
            if (name < 0)
            {
                continue;
            }
            var description = Find(t => t.Contains("简介", StringComparison.Ordinal) || t.Contains("活动内容", StringComparison.Ordinal));
            var whenAndPlace = Find(t => t.Contains("时间", StringComparison.Ordinal) && t.Contains("地点", StringComparison.Ordinal));
            var when = whenAndPlace >= 0 ? -1 : Find(t => t.Contains("时间", StringComparison.Ordinal));
            var place = whenAndPlace >= 0 ? -1 : Find(t => t.Contains("地点", StringComparison.Ordinal));
            if (description < 0 && whenAndPlace < 0 && place < 0)
            {
                continue;
            }
            return new FeaturedHeader(r,
                Find(t => t is "序号" or "编号"), name, description, whenAndPlace, when, place,
                Find(t => t.Contains("推荐单位", StringComparison.Ordinal) || t.Contains("申报单位", StringComparison.Ordinal) || t.Contains("主办单位", StringComparison.Ordinal)),
                Find(t => t.Contains("联系人", StringComparison.Ordinal) || t.Contains("电话", StringComparison.Ordinal)));
        }
        return null;
    }

    /// <summary>The recommending unit when every filled row names the same one (a table without a 推荐单位： line).</summary>
    public static (string Text, string Cell)? CommonRecommender(Sheet sheet, FeaturedHeader header)
    {
        if (header.Unit < 0)
        {
            return null;
        }
        var found = DataRows(sheet, header)
            .Select(r => (Text: Value(sheet, r, header.Unit), Cell: sheet.Address(r, header.Unit)))
            .Where(x => !string.IsNullOrWhiteSpace(x.Text))
            .ToList();
        return found.Count > 0 && found.Select(x => UnitDirectory.Normalize(x.Text!)).Distinct().Count() == 1
            ? (found[0].Text!.Trim(), found[0].Cell)
            : null;
    }

    public static IReadOnlyList<FeaturedActivity> Read(Sheet sheet, FeaturedHeader header, UnitDirectory units, string? contextRegion, FormIssues issues)
    {
        var activities = new List<FeaturedActivity>();
        foreach (var r in DataRows(sheet, header))
        {
            var name = Clean(Value(sheet, r, header.Name))!;
            var description = Clean(Value(sheet, r, header.Description));
            string? when, place;
            if (header.WhenAndPlace >= 0)
            {
                (when, place) = SplitWhenAndPlace(Clean(Value(sheet, r, header.WhenAndPlace)));
            }
            else
            {
                (when, place) = (Clean(Value(sheet, r, header.When)), Clean(Value(sheet, r, header.Place)));
            }
            var unit = Clean(Value(sheet, r, header.Unit));
            var contact = Clean(Value(sheet, r, header.Contact));

            if (description is not null && CountCharacters(description) > MaxDescriptionLength)
            {
                var cell = sheet.Address(r, header.Description);
                issues.Error("description_too_long",
                    $"{cell}：活动“{name}”的简介有 {CountCharacters(description)} 字，超过 {MaxDescriptionLength} 字上限（方案可附后）。", cell);
            }

            string? county = null;
            var placeColumn = header.WhenAndPlace >= 0 ? header.WhenAndPlace : header.Place;
            var placeCell = placeColumn >= 0 ? sheet.Address(r, placeColumn) : sheet.Address(r, header.Name);
            if (string.IsNullOrWhiteSpace(place))
            {
                issues.Warning("place_missing", $"{placeCell}：活动“{name}”没有填写举办地点（地点应精确到县级）。", placeCell);
            }
            else
            {
                var match = units.FindCounty(place, contextRegion);
                if (match.Unit is { } found)
                {
                    county = found.Code;
                }
                else if (match.IsAmbiguous)
                {
                    issues.Warning("place_ambiguous",
                        $"{placeCell}：活动“{name}”的地点“{place}”可指多个县级地区（{string.Join("、", match.Candidates.Select(c => $"{units.PathOf(c.Code)}（{c.Code}）"))}），请写明所在市。",
                        placeCell);
                }
                else
                {
                    issues.Warning("place_not_county", $"{placeCell}：活动“{name}”的地点“{place}”没有写明县级行政区（地点应精确到县级）。", placeCell);
                }
            }
            activities.Add(new FeaturedActivity(r + 1, name, description, when, place, county, unit, contact, sheet.Name, CellAddress.A1(r, header.Name)));
        }

        if (activities.Count == 0)
        {
            issues.Error("no_activities", "推荐表中没有填写任何活动（活动名称一列为空）。", sheet.Address(header.Row + 1, header.Name));
        }
        foreach (var group in activities.GroupBy(a => RecommenderKey(a.Unit)))
        {
            var excess = group.Skip(MaxActivitiesPerUnit).ToList();
            if (excess.Count > 0)
            {
                var who = group.Key.Length == 0 ? "本表" : $"推荐单位“{group.First().Unit}”";
                var rows = string.Join("、", excess.Select(a => a.RowNumber.ToString(CultureInfo.InvariantCulture)));
                issues.Error("too_many_activities",
                    $"{who}推荐了 {group.Count()} 项活动，超过每个单位每年 {MaxActivitiesPerUnit} 项的上限；多出的是第 {rows} 行。",
                    $"{sheet.Name}!{excess[0].Cell}");
            }
        }
        return activities;
    }

    /// <summary>The recommending unit as the limit compares it: its normalized name, "" for a row that names none.</summary>
    public static string RecommenderKey(string? unit) => unit is null ? "" : UnitDirectory.Normalize(unit);

    /// <summary>Each activity's place (1, 2, …) among its recommending unit's activities, in the table's order.</summary>
    public static IReadOnlyList<int> RecommenderRanks(IReadOnlyList<FeaturedActivity> activities)
    {
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        return [.. activities.Select(a => seen[RecommenderKey(a.Unit)] = seen.GetValueOrDefault(RecommenderKey(a.Unit)) + 1)];
    }

    /// <summary>Rows below the header up to the notes, skipping rows without an activity name (the template's empty 2, 3, 4, 5).</summary>
    private static IEnumerable<int> DataRows(Sheet sheet, FeaturedHeader header)
    {
        for (var r = header.Row + 1; r < sheet.RowCount; r++)
        {
            var first = sheet.Rows[r].FirstOrDefault(c => !string.IsNullOrWhiteSpace(c));
            if (first is not null && IsNote(Compact(first)))
            {
                yield break;
            }
            var name = Clean(Value(sheet, r, header.Name));
            if (name is null || (name.StartsWith('(') && name.EndsWith(')')))
            {
                continue;
            }
            yield return r;
        }
    }

    private static bool IsNote(string text) =>
        text.StartsWith("说明", StringComparison.Ordinal) || text.StartsWith("填表说明", StringComparison.Ordinal)
        || text.StartsWith("注:", StringComparison.Ordinal) || text.StartsWith("备注", StringComparison.Ordinal);

    /// <summary>A cell's text, taking the top-left value of a merged range (a 推荐单位 merged down the table).</summary>
    private static string? Value(Sheet sheet, int row, int column)
    {
        if (column < 0)
        {
            return null;
        }
        var text = sheet.Text(row, column);
        if (text is not null)
        {
            return text;
        }
        var merge = sheet.Merged.FirstOrDefault(m => m.FromRow <= row && row <= m.ToRow && m.FromColumn <= column && column <= m.ToColumn);
        return merge is null ? null : sheet.Text(merge.FromRow, merge.FromColumn);
    }

    private static string? Clean(string? text)
    {
        if (text is null)
        {
            return null;
        }
        var s = text.Normalize(NormalizationForm.FormKC).Trim();
        return s.Length == 0 ? null : s;
    }

    private static string Compact(string text)
    {
        var builder = new StringBuilder();
        foreach (var c in text.Normalize(NormalizationForm.FormKC))
        {
            if (!char.IsWhiteSpace(c))
            {
                builder.Append(c);
            }
        }
        return builder.ToString();
    }

    /// <summary>Characters as a reader counts them: letters and punctuation, not spaces or line breaks.</summary>
    public static int CountCharacters(string text)
    {
        var count = 0;
        var elements = StringInfo.GetTextElementEnumerator(text);
        while (elements.MoveNext())
        {
            if (!string.IsNullOrWhiteSpace(elements.GetTextElement()))
            {
                count++;
            }
        }
        return count;
    }

    /// <summary>举办时间、地点 in one cell: "5月25日\n兰州市城关区甘肃科技馆" or "5月25日，兰州市城关区…".</summary>
    public static (string? When, string? Place) SplitWhenAndPlace(string? text)
    {
        if (text is null)
        {
            return (null, null);
        }
        foreach (var separators in new[] { new[] { '\n', '\r' }, ['；', ';', '，', ',', '、', ' ', '　'] })
        {
            var at = text.IndexOfAny(separators);
            if (at > 0)
            {
                var first = text[..at].Trim();
                var rest = text[(at + 1)..].Trim(separators).Trim();
                if (LooksLikeTime(first) && rest.Length > 0)
                {
                    return (first, rest);
                }
            }
        }
        return LooksLikeTime(text) && !text.Any(c => c is '省' or '市' or '区' or '县') ? (text, null) : (null, text);
    }

    private static bool LooksLikeTime(string text) =>
        text.Any(char.IsAsciiDigit) || text.Contains('月', StringComparison.Ordinal) || text.Contains("期间", StringComparison.Ordinal);
}
