using System.Globalization;
using ScienceWeek.Warehouse.Model;

namespace ScienceWeek.SampleData;

/// <summary>One file to write under seed/submissions, and what the ETL must make of it.</summary>
public sealed class PlannedFile
{
    /// <summary>Relative to the submissions folder, with forward slashes.</summary>
    public required string Path { get; init; }

    /// <summary>xlsx, xls or csv.</summary>
    public required string Format { get; init; }

    /// <summary>statistics or featured.</summary>
    public required string Form { get; init; }

    /// <summary>Null when the unit line names a unit that does not exist.</summary>
    public required Unit? Unit { get; init; }

    public required int Year { get; init; }

    /// <summary>HTML for spreadsheets (converted by LibreOffice), the text itself for CSV.</summary>
    public string Content { get; init; } = "";

    public IReadOnlyDictionary<string, decimal?>? Values { get; init; }

    public IReadOnlyList<Activity>? Activities { get; init; }

    /// <summary>Why the ETL must reject the file; null for a valid one.</summary>
    public string? Rejection { get; init; }

    /// <summary>Cut the converted file short, as a broken upload does.</summary>
    public bool Truncate { get; init; }

    /// <summary>The same bytes as another file, sent twice under another name.</summary>
    public string? CopyOf { get; init; }

    public string? SupersededBy { get; set; }

    public bool IsCurrent => Rejection is null && SupersededBy is null && CopyOf is null;
}

/// <summary>Decides which unit sends which file in which year, in which format and with which quirks.</summary>
public sealed class SubmissionPlan(RegionCatalog regions, FigureModel figures, int seed, IReadOnlyDictionary<int, DateOnly> weekStarts)
{
    // Sent but rejected: the unit-year has no valid form (西固区 2022, 红古区 2021, 太原市 2020 → a derived city value).
    private static readonly Dictionary<(string, int), Written> RejectedForms = new()
    {
        [("620104", 2022)] = Written.Negative,
        [("620111", 2021)] = Written.Plain,
        [("140100", 2020)] = Written.Percent,
    };

    // A first version with a mistake, then a corrected one.
    private static readonly HashSet<(string, int)> Corrected = [("620103", 2023), ("140109", 2022), ("370830", 2024), ("620171", 2021)];

    private static readonly HashSet<(string, int)> ForcedMissing = [("370800Z1", 2020), ("370800Z2", 2020), ("370800Z2", 2021), ("140181", 2020)];

    // Outliers: a livestream that went viral, a large sponsorship, a media campaign, a province-wide event.
    private static readonly Dictionary<(string, int, string), decimal> Outliers = new()
    {
        [("620102", 2023, Measures.ParticipantsOnline)] = 6m,
        [("370883", 2022, Measures.FundingEnterprise)] = 8m,
        [("140105", 2021, Measures.MediaReports)] = 5m,
        [("622900", 2024, Measures.Activities)] = 3m,
        [("370800", 2022, Measures.ParticipantsOnline)] = 2.5m,
    };

    private static readonly Dictionary<string, string> AreaCodes = new() { ["620100"] = "0931", ["140100"] = "0351", ["370800"] = "0537" };

    private readonly List<PlannedFile> files = [];

    public List<PlannedFile> Build()
    {
        foreach (var year in FigureModel.Years)
        {
            foreach (var province in RegionCatalog.ProvinceCodes)
            {
                PlanProvince(regions[province], year);
            }
            foreach (var department in regions.All.Where(u => u.Kind == UnitKind.Department).OrderBy(u => u.Code, StringComparer.Ordinal))
            {
                if (Rng.For(seed, Inv($"department-sends/{department.Code}/{year}")).NextDouble() < 0.4)
                {
                    files.Add(Statistics(department, year, Inv($"{year}"), Name(department, year)));
                }
            }
        }
        PlanRejected();
        return files;
    }

    private void PlanProvince(Unit province, int year)
    {
        files.Add(Statistics(province, year, Inv($"{year}"), Name(province, year), formats: (0.85, 1.0)));
        foreach (var city in regions.ChildrenOf(province.Code))
        {
            var folder = Inv($"{year}/{province.Code}");
            if (RegionCatalog.FocusCityCodes.Contains(city.Code))
            {
                PlanFocusCity(city, year, folder);
            }
            else if (Rng.For(seed, Inv($"missing/{city.Code}/{year}")).NextDouble() >= 0.12)
            {
                files.Add(Statistics(city, year, folder, Name(city, year), formats: (0.8, 0.95)));
            }
        }
    }

    private void PlanFocusCity(Unit city, int year, string provinceFolder)
    {
        if (!RejectedForms.ContainsKey((city.Code, year)))
        {
            files.Add(Statistics(city, year, provinceFolder, Inv($"{year}年{city.Name}科技活动周开展情况统计表"), formats: (0.9, 1.0)));
        }
        var rng = Rng.For(seed, Inv($"featured/{city.Code}/{year}"));
        var counties = regions.ChildrenOf(city.Code).Where(u => u.Kind == UnitKind.County).ToList();
        files.Add(Featured(city, year, provinceFolder, counties, rng.Next(3, 6), fullPath: true, rng));

        var folder = Inv($"{year}/{city.Code}");
        foreach (var unit in regions.ChildrenOf(city.Code).Where(u => FigureModel.IsActive(u, year)))
        {
            var key = (unit.Code, year);
            if (RejectedForms.ContainsKey(key) || ForcedMissing.Contains(key) || Rng.For(seed, Inv($"missing/{unit.Code}/{year}")).NextDouble() < 0.08)
            {
                continue;
            }
            var name = Name(unit, year);
            if (Corrected.Contains(key))
            {
                var first = Statistics(unit, year, folder, name, mistake: true);
                var suffix = Rng.For(seed, Inv($"suffix/{unit.Code}/{year}")).Next(3) switch { 0 => "（更正）", 1 => "（修改后）", _ => "_v2" };
                var second = Statistics(unit, year, folder, name + suffix);
                first.SupersededBy = second.Path;
                files.Add(first);
                files.Add(second);
            }
            else
            {
                var form = Statistics(unit, year, folder, name);
                files.Add(form);
                if (unit.Code == "620105" && year == 2024)
                {
                    files.Add(new PlannedFile
                    {
                        Path = Inv($"{folder}/{name} - 副本.{form.Format}"), Format = form.Format, Form = "statistics",
                        Unit = unit, Year = year, Values = form.Values, CopyOf = form.Path,
                    });
                }
            }
        }
        var featuring = counties.OrderBy(_ => rng.Next()).Take(rng.Next(2, 4));
        foreach (var county in featuring)
        {
            files.Add(Featured(county, year, folder, [county], rng.Next(2, 6), fullPath: rng.Next(2) == 0, rng));
        }
    }

    private void PlanRejected()
    {
        foreach (var ((code, year), how) in RejectedForms)
        {
            var unit = regions[code];
            var name = Inv($"{year}年{unit.Name}科技活动周开展情况统计表");
            var written = how == Written.Plain ? null : new Dictionary<string, Written>
            {
                [how == Written.Negative ? Measures.FundingCounty : Measures.ParticipantsOnline] = how,
            };
            var form = Statistics(unit, year, "rejected", name, formats: (1.0, 1.0), forced: written, fullPathUnitLine: true);
            files.Add(new PlannedFile
            {
                Path = form.Path, Format = form.Format, Form = form.Form, Unit = unit, Year = year, Content = form.Content,
                Truncate = how == Written.Plain,
                Rejection = how switch
                {
                    Written.Negative => "县级财政经费为负数",
                    Written.Percent => "线上参与人次填了百分比",
                    _ => "文件损坏（xlsx 被截断）",
                },
            });
        }

        var unknown = new Unit("620199", "滨河区", "滨河区", UnitKind.County, "620100", "兰州市滨河区", 350_000);
        var stranger = Statistics(unknown, 2023, "rejected", "附件2 统计表（滨河区）", formats: (1.0, 1.0), fullPathUnitLine: true);
        files.Add(new PlannedFile
        {
            Path = stranger.Path, Format = stranger.Format, Form = stranger.Form, Unit = null, Year = 2023, Content = stranger.Content,
            Rejection = "填报单位“兰州市滨河区”不存在",
        });

        var qilihe = regions["620103"];
        var rng = Rng.For(seed, "rejected/featured");
        var tooMany = Featured(qilihe, 2023, "rejected", [qilihe, regions["620102"]], 6, fullPath: true, rng);
        files.Add(new PlannedFile
        {
            Path = tooMany.Path, Format = tooMany.Format, Form = tooMany.Form, Unit = qilihe, Year = 2023, Content = tooMany.Content,
            Activities = tooMany.Activities, Rejection = "推荐活动6项，超过5项",
        });
    }

    private PlannedFile Statistics(Unit unit, int year, string folder, string name, (double Xlsx, double Xls)? formats = null,
        bool mistake = false, Dictionary<string, Written>? forced = null, bool fullPathUnitLine = false)
    {
        var rng = Rng.For(seed, Inv($"form/{unit.Code}/{year}/{name}"));
        var (xlsx, xls) = formats ?? (0.7, 0.85);
        var roll = rng.NextDouble();
        var format = roll < xlsx ? "xlsx" : roll < xls ? "xls" : "csv";

        var values = new Dictionary<string, decimal>(figures.For(unit, year), StringComparer.Ordinal);
        foreach (var measure in Measures.OnForm)
        {
            if (Outliers.TryGetValue((unit.Code, year, measure), out var factor))
            {
                values[measure] = Measures.IsFunding(measure) ? Math.Round(values[measure] * factor, 2) : Math.Round(values[measure] * factor);
            }
        }
        if (mistake)
        {
            // The first version had a typo the county corrected a day later.
            values[Measures.Activities] *= 10;
            values[Measures.FundingCounty] = Math.Round(values[Measures.FundingCounty] / 2, 2);
        }

        var written = forced ?? Quirks(rng, values);
        var style = Style(unit, year, rng, fullPathUnitLine);
        var form = new StatisticsForm(style, values, written, rng);
        return new PlannedFile
        {
            Path = Inv($"{folder}/{name}.{format}"),
            Format = format,
            Form = "statistics",
            Unit = unit,
            Year = year,
            Content = format == "csv" ? form.Csv() : form.Html(),
            Values = form.Values,
        };
    }

    /// <summary>The ways a clerk fills in a value that the ETL still accepts, on about a third of the forms.</summary>
    private static Dictionary<string, Written> Quirks(Random rng, Dictionary<string, decimal> values)
    {
        var written = new Dictionary<string, Written>(StringComparer.Ordinal);
        if (rng.NextDouble() >= 0.35)
        {
            return written;
        }
        var count = rng.Next(1, 3);
        for (var i = 0; i < count; i++)
        {
            var pick = rng.Next(7);
            var (measure, how) = pick switch
            {
                0 => (rng.Next(2) == 0 ? Measures.Activities : Measures.FundingProvincial, Written.FullWidth),
                1 => (values[Measures.ParticipantsOffline] >= values[Measures.ParticipantsOnline] ? Measures.ParticipantsOffline : Measures.ParticipantsOnline, Written.Wan),
                2 => (rng.Next(2) == 0 ? Measures.Activities : Measures.MediaReports, Written.Approximate),
                3 => (values[Measures.FundingEnterprise] > 0 ? Measures.FundingEnterprise : Measures.FundingMunicipal, Written.Yuan),
                4 => (values.FirstOrDefault(v => v.Value == 0).Key ?? Measures.FundingCentral, Written.ZeroWord),
                5 => (rng.Next(2) == 0 ? Measures.UniversitiesOpened : Measures.FundingOther, Written.Blank),
                _ => (Measures.ParticipantsOffline, Written.UnitWord),
            };
            written.TryAdd(measure, how);
        }
        return written;
    }

    private FormStyle Style(Unit unit, int year, Random rng, bool fullPathUnitLine)
    {
        var cityCode = unit.Kind is UnitKind.County or UnitKind.Zone ? unit.ParentCode! : unit.Code;
        var yearText = Inv($"{year}");
        if (cityCode == "140100" && rng.NextDouble() < 0.5)
        {
            // Taiyuan's notice is typeset with full-width digits, and so are the forms copied from it.
            yearText = StatisticsForm.ToFullWidth(yearText);
        }
        var space = rng.NextDouble() < 0.2 ? " " : "";
        var title = unit.Kind switch
        {
            UnitKind.County or UnitKind.Zone or UnitKind.City when RegionCatalog.FocusCityCodes.Contains(cityCode) && rng.NextDouble() < 0.6
                => $"{yearText}{space}年{regions[cityCode].Name}科技活动周开展情况统计表",
            UnitKind.Province when rng.NextDouble() < 0.5 => $"{yearText}{space}年{unit.Name}科技活动周开展情况统计表",
            _ => $"{yearText}{space}年全国科技活动周开展情况统计表",
        };
        var agency = unit.Kind switch
        {
            UnitKind.Department => unit.Name,
            // A province's office usually writes the bare region name on the national form.
            UnitKind.Province => unit.Name,
            UnitKind.Zone => unit.ShortName + ZoneAgency(unit.Code, rng),
            UnitKind.County when fullPathUnitLine || rng.NextDouble() < 0.5 => unit.FullName + "科学技术局",
            UnitKind.County => unit.Name + (rng.Next(2) == 0 ? "科技局" : "科学技术局"),
            _ => unit.Name + (rng.Next(3) == 0 ? "科技局" : "科学技术局"),
        };
        var unitLine = rng.Next(3) switch { 0 => "填报单位：", 1 => "报送单位：", _ => "地方/部门（盖章）：" } + agency;
        var categories = rng.NextDouble() < 0.65;
        return new FormStyle(
            Categories: categories,
            Title: title,
            UnitLine: unitLine,
            HeaderRow: rng.NextDouble() < 0.2,
            NoteRow: rng.NextDouble() < 0.25,
            BlankRow: rng.NextDouble() < 0.15,
            Annotated: !categories && rng.NextDouble() < 0.5);
    }

    /// <summary>The agencies the Jining notice addresses in its zones; other zones sign as their management committee.</summary>
    private static string ZoneAgency(string code, Random rng) => rng.Next(2) == 0 ? "管委会" : code switch
    {
        "370871" => "科技创新局",
        "370800Z1" => "经发局",
        "370800Z2" => "创新创业服务中心",
        _ => "管委会",
    };

    private PlannedFile Featured(Unit unit, int year, string folder, IReadOnlyList<Unit> places, int count, bool fullPath, Random rng)
    {
        var cityCode = unit.Kind == UnitKind.City ? unit.Code : unit.ParentCode!;
        var activities = FeaturedTable.Activities(rng, unit, places, weekStarts[year], count, AreaCodes[cityCode], fullPath);
        var title = cityCode == "140100" && unit.Kind == UnitKind.City
            ? Inv($"{year}年太原市科技活动周特色科技活动推荐清单")
            : Inv($"{year}年全国科技活动周特色群众性科技活动推荐表");
        var name = rng.Next(3) switch
        {
            0 => Inv($"{year}年全国科技活动周特色群众性科技活动推荐表（{unit.ShortName}）"),
            1 => Inv($"附件1 推荐表-{unit.ShortName}-{year}"),
            _ => Inv($"{unit.ShortName}{year}年科技活动周特色活动推荐清单"),
        };
        var format = rng.NextDouble() < 0.8 ? "xlsx" : "xls";
        return new PlannedFile
        {
            Path = Inv($"{folder}/{name}.{format}"),
            Format = format,
            Form = "featured",
            Unit = unit,
            Year = year,
            Content = FeaturedTable.Html(title, "推荐单位：" + unit.FullName + "科学技术局（公章）", activities),
            Activities = activities,
        };
    }

    private string Name(Unit unit, int year)
    {
        var n = unit.ShortName;
        return Rng.For(seed, Inv($"name/{unit.Code}/{year}")).Next(5) switch
        {
            0 => Inv($"{year}年{n}科技活动周开展情况统计表"),
            1 => Inv($"附件2 统计表（{n}）"),
            2 => Inv($"{n}{year}年科技活动周统计表"),
            3 => Inv($"附件2：{year}年全国科技活动周开展情况统计表-{n}"),
            _ => Inv($"{year}科技周开展情况统计（{n}）"),
        };
    }

    private static string Inv(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
