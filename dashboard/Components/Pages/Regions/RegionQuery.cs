using Npgsql;
using ScienceWeek.Dashboard.Charts;
using ScienceWeek.Dashboard.Components.Display;
using ScienceWeek.Dashboard.Components.Maps;
using ScienceWeek.Dashboard.Values;

namespace ScienceWeek.Dashboard.Components.Pages.Regions;

/// <summary>A submitted file of a region or a unit below it, with its problems.</summary>
public sealed record SubmissionRow(
    long Key, string FileName, string? UnitName, string? UnitCode, string? FormKind, int? Year, int? Version,
    string Status, bool IsCurrent, DateTimeOffset ReceivedAt, IReadOnlyList<IssueRow> Issues);

public sealed record IssueRow(string Severity, string Code, string Message, string? Cell);

/// <summary>A recommended featured activity (推荐表 row).</summary>
public sealed record FeaturedRow(
    string Name, string? Description, string? HeldWhen, string? Place, string? RecommendingUnit, string UnitName,
    string FileName, string SourceSheet, string SourceCell);

/// <summary>A form that makes up a region's number (mart_region_form), with its main values.</summary>
public sealed record MadeOfRow(
    long Key, string FileName, string UnitName, string UnitKind, string RegionName, DateTimeOffset ReceivedAt,
    decimal? Activities, decimal? FundingTotal, decimal? ParticipantsTotal);

/// <summary>
/// What the region page shows: the region (null when the code is unknown), the year (null without data), the measure of
/// the sub-region chart and map, the region's values and its sub-regions' (sorted by that measure), the charts, and its files.
/// </summary>
public sealed record RegionView(
    Scope Scope,
    Region? Region,
    int? Year,
    Measure Measure,
    bool PerActivity,
    MapBasis MapBasis,
    Comparison Comparison,
    IReadOnlyList<Region> Path,
    IReadOnlyList<Region> Children,
    RegionValueRow? Basis,
    ValueSet Values,
    ValueSet ChildValues,
    YearComparison? Compared,
    YearComparison? ChildCompared,
    ChartData? Trend,
    ChartData? ChildChart,
    IReadOnlyList<SubmissionRow> Submissions,
    IReadOnlyList<FeaturedRow> Featured,
    IReadOnlyList<MadeOfRow> MadeOf)
{
    /// <summary>A sub-region's participants per activity.</summary>
    public ChartCell PerActivityOf(string child, int year) => RegionQuery.PerActivity(ChildValues, child, year);

    /// <summary>A sub-region's value per 10,000 residents, or 无人口数据.</summary>
    public ChartCell PerTenThousandOf(Region child, int year, string measure) => PageCharts.PerTenThousand(child, ChildValues.Cell(child.Code, year, measure));

    /// <summary>How many of a sub-region's own sub-regions have data: 3/5, or — when it has none.</summary>
    public string CoverageOf(string child, int year) =>
        ChildValues.Row(child, year, "activities") is { } row && row.ExpectedChildren > 0 ? $"{row.ReportingChildren}/{row.ExpectedChildren}" : "—";
}

/// <summary>What the region page reads: its values, its sub-regions' values, its submissions and featured activities.</summary>
public sealed class RegionQuery(NpgsqlDataSource dataSource, Catalogue catalogue, RegionValues regionValues, LikeForLikeValues likeForLike)
{
    /// <summary>The measures of the sub-region table.</summary>
    public static readonly string[] TableMeasures = ["activities", "funding_total", "funding_enterprise", "participants_total", "media_reports"];

    /// <summary>How many of the forms that make up the region's number are listed.</summary>
    public const int MadeOfLimit = 200;

    /// <summary>The measure of the sub-region chart and the map when the address names none (or an unknown one).</summary>
    public const string DefaultMeasure = "participants_total";

    /// <summary>The choice of the sub-region chart that is no measure of its own: participants per activity.</summary>
    public const string PerActivityCode = "participants_per_activity";

    public static ChartCell PerActivity(ValueSet values, string region, int year) =>
        values.Ratio(region, year, "participants_total", "activities", 1m, "群众参与合计 ÷ 活动次数");

    /// <summary>
    /// The region <paramref name="code"/> in the year the address asks for (the latest with data by default): its KPI measures over the five
    /// years to it; when it has sub-regions, their table measures and the chosen measure in the year and the year before; its
    /// submissions, featured activities and the forms its number sums; and the charts of them.
    /// </summary>
    public async Task<RegionView> ReadAsync(string code, PageRequest request, CancellationToken cancellationToken = default)
    {
        var scope = await Scope.ResolveAsync(catalogue, regionValues, Scope.ParseYear(request.Year), null, [code], cancellationToken);
        var region = scope.Catalogue.Region(code);
        var perActivity = request.Measure == PerActivityCode;
        var measure = scope.Catalogue.Measure(request.Measure) ?? scope.Catalogue.Measure(DefaultMeasure)!;
        var switches = request.Comparison;
        var view = new RegionView(scope, region, scope.Year, measure, perActivity, MapQuery.ParseBasis(request.Per), switches, [], [], null,
            new ValueSet([]), new ValueSet([]), null, null, null, null, [], [], []);
        if (region is null || scope.Year is not { } year)
        {
            return view;
        }
        var children = scope.Catalogue.ChildrenOf(region.Code);
        var years = Enumerable.Range(year - 4, 5).ToArray();
        var values = new ValueSet(await regionValues.QueryAsync(
            new RegionValueQuery([.. Overview.OverviewQuery.KpiMeasures, "funding_total", "participants_total"], years, [region.Code]), cancellationToken));
        string[] childMeasures = [.. TableMeasures.Append(measure.Code).Append("participants_total").Distinct()];
        var childValues = children.Count > 0
            ? new ValueSet(await regionValues.QueryAsync(new RegionValueQuery(childMeasures, [year - 1, year], Parent: region.Code), cancellationToken))
            : new ValueSet([]);
        var compared = await YearComparison.ReadAsync(likeForLike, switches, year, year - 1, values, [region.Code], Overview.OverviewQuery.KpiMeasures, cancellationToken);
        var childCompared = await YearComparison.ReadAsync(likeForLike, switches, year, year - 1, childValues,
            [.. children.Select(c => c.Code)], childMeasures, cancellationToken);
        view = view with
        {
            Path = scope.Catalogue.PathTo(region.Code),
            Children = children,
            Basis = values.Row(region.Code, year, "activities") ?? values.Row(region.Code, year, "funding_total"),
            Values = values,
            ChildValues = childValues,
            Compared = compared,
            ChildCompared = childCompared,
            Trend = RegionCharts.Trend(region, years, values, switches),
            Submissions = await SubmissionsAsync(region.Code, year, 200, cancellationToken),
            Featured = await FeaturedAsync(region.Code, year, 100, cancellationToken),
            MadeOf = await MadeOfAsync(region.Code, year, MadeOfLimit, cancellationToken),
        };
        if (children.Count == 0)
        {
            return view;
        }
        ChartCell ChildCell(ValueSet v, Region c, int y) => perActivity ? PerActivity(v, c.Code, y) : v.Cell(c.Code, y, measure.Code);
        var sorted = children.OrderByDescending(c => ChildCell(childValues, c, year).Value ?? decimal.MinValue).ThenBy(c => c.Code, StringComparer.Ordinal).ToList();
        var chart = RegionCharts.Children(region, sorted, childCompared, perActivity ? null : measure, ChildCell,
            c => ChildCell(childValues, c, year).Value is not null);
        return view with
        {
            Children = sorted,
            ChildChart = chart.AddingNote(childCompared.KeptText(sorted.Where(c => ChildCell(childValues, c, year).Value is not null))),
        };
    }

    /// <summary>Files of the region and everything below it for the year (newest first), rejected ones included.</summary>
    public async Task<IReadOnlyList<SubmissionRow>> SubmissionsAsync(string regionCode, int year, int limit, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("""
            with scope as (
                select c.descendant_key as region_key
                from region_closure c join dim_region a on a.region_key = c.ancestor_key
                where a.region_code = $1
            ),
            files as (
                select s.submission_key, s.file_name, u.unit_name, u.unit_code, s.form_kind, s.year, s.version, s.status, s.is_current, s.received_at
                from dim_submission s
                join dim_reporting_unit u using (reporting_unit_key)
                where u.region_key in (select region_key from scope) and s.year = $2
                order by s.received_at desc, s.submission_key desc
                limit $3
            )
            select f.*, i.severity, i.code, i.message, i.cell
            from files f
            left join submission_issue i using (submission_key)
            order by f.received_at desc, f.submission_key desc, i.issue_number
            """);
        command.Parameters.Add(new() { Value = regionCode });
        command.Parameters.Add(new() { Value = year });
        command.Parameters.Add(new() { Value = limit });
        var rows = new List<SubmissionRow>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var key = reader.GetInt64(0);
            if (rows.Count == 0 || rows[^1].Key != key)
            {
                rows.Add(new SubmissionRow(key, reader.GetString(1),
                    reader.IsDBNull(2) ? null : reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3),
                    reader.IsDBNull(4) ? null : reader.GetString(4), reader.IsDBNull(5) ? null : reader.GetInt32(5),
                    reader.IsDBNull(6) ? null : reader.GetInt32(6), reader.GetString(7), reader.GetBoolean(8),
                    reader.GetFieldValue<DateTimeOffset>(9), new List<IssueRow>()));
            }
            if (!reader.IsDBNull(10))
            {
                ((List<IssueRow>)rows[^1].Issues).Add(new IssueRow(reader.GetString(10), reader.GetString(11), reader.GetString(12),
                    reader.IsDBNull(13) ? null : reader.GetString(13)));
            }
        }
        return rows;
    }

    /// <summary>The current statistics forms the region's number for the year is made of: its own, or those it sums.</summary>
    public async Task<IReadOnlyList<MadeOfRow>> MadeOfAsync(string regionCode, int year, int limit, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand($"""
            select s.submission_key, s.file_name, u.unit_name, u.unit_kind, ur.region_name, s.received_at,
                   {FormMeasureValue.Sql("s.submission_key", "'activities'")},
                   {FormMeasureValue.Sql("s.submission_key", "'funding_total'")},
                   {FormMeasureValue.Sql("s.submission_key", "'participants_total'")}
            from mart_region_form m
            join dim_region r on r.region_key = m.region_key
            join dim_submission s on s.submission_key = m.submission_key
            join dim_reporting_unit u on u.reporting_unit_key = m.reporting_unit_key
            join dim_region ur on ur.region_key = u.region_key
            where r.region_code = $1 and m.year = $2
            order by u.unit_code
            limit $3
            """);
        command.Parameters.Add(new() { Value = regionCode });
        command.Parameters.Add(new() { Value = year });
        command.Parameters.Add(new() { Value = limit });
        var rows = new List<MadeOfRow>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            decimal? Value(int i) => reader.IsDBNull(i) ? null : RegionValues.Normalize(reader.GetDecimal(i));
            rows.Add(new MadeOfRow(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4),
                reader.GetFieldValue<DateTimeOffset>(5), Value(6), Value(7), Value(8)));
        }
        return rows;
    }

    /// <summary>Featured activities recommended by the region or units below it, from current forms.</summary>
    public async Task<IReadOnlyList<FeaturedRow>> FeaturedAsync(string regionCode, int year, int limit, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("""
            select f.activity_name, f.description, f.held_when, f.place, f.recommending_unit, u.unit_name,
                   s.file_name, f.source_sheet, f.source_cell
            from fact_featured_activity f
            join dim_submission s on s.submission_key = f.submission_key and s.is_current
            join dim_reporting_unit u on u.reporting_unit_key = f.reporting_unit_key
            where f.year = $2
              and u.region_key in (
                  select c.descendant_key from region_closure c join dim_region a on a.region_key = c.ancestor_key
                  where a.region_code = $1)
            order by u.unit_code, f.row_number
            limit $3
            """);
        command.Parameters.Add(new() { Value = regionCode });
        command.Parameters.Add(new() { Value = year });
        command.Parameters.Add(new() { Value = limit });
        var rows = new List<FeaturedRow>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new FeaturedRow(reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1),
                reader.IsDBNull(2) ? null : reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetString(4), reader.GetString(5), reader.GetString(6), reader.GetString(7), reader.GetString(8)));
        }
        return rows;
    }
}
