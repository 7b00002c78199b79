using System.Globalization;
using Npgsql;
using NpgsqlTypes;
using ScienceWeek.Dashboard.Values;
using ScienceWeek.Warehouse.Model;
using Region = ScienceWeek.Dashboard.Values.Region;

namespace ScienceWeek.Dashboard.Publishing;

/// <summary>One unit whose current statistics form makes up the region's number (a row of mart_region_form).</summary>
public sealed record ContributingUnit(string Code, string Name, string Basis, IReadOnlyDictionary<string, decimal?> Values);

/// <summary>One featured activity recommended by the region or a unit below it (fact_featured_activity).</summary>
public sealed record FeaturedItem(string Name, string? Description, string? When, string? Place, string? Unit, string? Contact, string RecommendedBy);

/// <summary>
/// A recommendation the region may send upward, from a current form of the region (<paramref name="Own"/>) or of a unit
/// below it; <paramref name="ChosenRank"/> is its place in the region's chosen list (featured_choice), null when not chosen.
/// </summary>
public sealed record FeaturedCandidate(long SubmissionKey, int RowNumber, FeaturedItem Item, bool Own, int? ChosenRank)
{
    /// <summary>The candidate's name in the choosing form: submission and row, nothing a sender wrote.</summary>
    public string Key => $"{SubmissionKey.ToString(CultureInfo.InvariantCulture)}-{RowNumber.ToString(CultureInfo.InvariantCulture)}";
}

/// <summary>
/// Everything the documents of one region and year are built from: its values (mart_region_value) for the year and the
/// four before it, its direct sub-regions' values for the year and the one before, and the forms that make up its number.
/// </summary>
public sealed record PublishData(
    Region Region,
    int Year,
    ValueSet Values,
    IReadOnlyList<Region> Children,
    ValueSet ChildValues,
    IReadOnlyList<ContributingUnit> Units,
    IReadOnlyList<FeaturedCandidate> Candidates,
    Catalogue.Snapshot Catalogue,
    ScienceWeek.Dashboard.Progress.ProgressReport Progress)
{
    public const int TrendYears = 5;

    /// <summary>At most five recommendations per unit and year (各地方各相关部门推荐活动数量不超过5项): the form's rule.</summary>
    public const int MostFeatured = ScienceWeek.Etl.Forms.FeaturedForm.MaxActivitiesPerUnit;

    /// <summary>Whether staff chose the list; until they do it is the region's own recommendations.</summary>
    public bool FeaturedChosen => Candidates.Any(c => c.ChosenRank is not null);

    /// <summary>
    /// The featured list the documents carry: the chosen ones in their order; until staff choose, the region's own
    /// recommendations, or, where the region recommended none itself, the first of its sub-units' in code order.
    /// </summary>
    public IReadOnlyList<FeaturedItem> Featured =>
        [.. (FeaturedChosen ? Candidates.Where(c => c.ChosenRank is not null).OrderBy(c => c.ChosenRank)
            : Candidates.Any(c => c.Own) ? Candidates.Where(c => c.Own) : Candidates)
            .Take(MostFeatured).Select(c => c.Item)];

    public RegionValueRow? Row(string measure, int? year = null) => Values.Row(Region.Code, year ?? Year, measure);

    public decimal? Value(string measure, int? year = null) => Values.Value(Region.Code, year ?? Year, measure);

    public bool HasValues => Measures.OnForm.Any(m => Row(m) is not null);

    /// <summary>Reported (its own form) or derived (the sum of forms below it), from any of the year's rows.</summary>
    public RegionValueRow? Basis => Measures.All.Select(m => Row(m)).FirstOrDefault(r => r is not null);

    public IEnumerable<int> TrendRange => Enumerable.Range(Year - TrendYears + 1, TrendYears);

    /// <summary>The sum of the direct sub-regions' values, for a region that reported its own form (null where none has one).</summary>
    public decimal? ChildSum(string measure)
    {
        var parts = Children.Select(c => ChildValues.Value(c.Code, Year, measure)).Where(v => v is not null).ToList();
        return parts.Count == 0 ? null : parts.Sum();
    }
}

/// <summary>Reads a region's publishing data through the mart views only, so every number equals the dashboard's.</summary>
public sealed class PublishQuery(NpgsqlDataSource dataSource, RegionValues values, Catalogue catalogue, ScienceWeek.Dashboard.Progress.ProgressQuery progress)
{
    /// <summary>
    /// The data for a region and a year as a request names them, or what was not found, in Chinese: a year that is not a
    /// science-week year (2001-2100), or an unknown region code.
    /// </summary>
    public async Task<(PublishData? Data, string? Missing)> FindAsync(string code, string yearText, CancellationToken cancellationToken)
    {
        if (ScienceWeekYears.Parse(yearText) is not { } year)
        {
            return (null, "年份无效：请给出科技活动周年份，例如 2024。");
        }
        return await GetAsync(code, year, cancellationToken) is { } data ? (data, null) : (null, "未知的地区代码：请使用行政区划代码，例如 620100。");
    }

    /// <summary>The data for a region and year, or null when the region code is unknown.</summary>
    public async Task<PublishData?> GetAsync(string code, int year, CancellationToken cancellationToken)
    {
        var snapshot = await catalogue.GetAsync(cancellationToken);
        if (snapshot.Region(code) is not { } region)
        {
            return null;
        }
        var years = Enumerable.Range(year - PublishData.TrendYears + 1, PublishData.TrendYears).ToList();
        var own = await values.QueryAsync(new RegionValueQuery(Measures.All, years, [region.Code]), cancellationToken);
        var children = snapshot.ChildrenOf(region.Code);
        var childRows = children.Count == 0
            ? []
            : await values.QueryAsync(new RegionValueQuery(Measures.All, [year - 1, year], Parent: region.Code), cancellationToken);
        var units = await UnitsAsync(region.Code, year, cancellationToken);
        var featured = await CandidatesAsync(region.Code, year, cancellationToken);
        var reporting = await progress.ReadAsync(region.Code, year, cancellationToken);
        return new PublishData(region, year, new ValueSet(own), children, new ValueSet(childRows), units, featured, snapshot, reporting);
    }

    private async Task<IReadOnlyList<ContributingUnit>> UnitsAsync(string code, int year, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            select u.unit_code, u.unit_name, f.basis, v.measure_code, v.value
            from mart_region_form f
            join dim_region r on r.region_key = f.region_key
            join dim_reporting_unit u on u.reporting_unit_key = f.reporting_unit_key
            -- each form's values by its key (offset 0 keeps the lookup per form: a join would first sum the totals of
            -- every form in the warehouse, about a second at national scale)
            cross join lateral (
                select v.measure_code, v.value from statistics_measure_value v where v.submission_key = f.submission_key offset 0
            ) v
            where r.region_code = @code and f.year = @year
            order by u.unit_code, v.measure_code
            """);
        command.Parameters.Add(new NpgsqlParameter("code", NpgsqlDbType.Text) { Value = code });
        command.Parameters.Add(new NpgsqlParameter("year", NpgsqlDbType.Integer) { Value = year });
        var units = new List<(string Code, string Name, string Basis, Dictionary<string, decimal?> Values)>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var unitCode = reader.GetString(0);
            if (units.Count == 0 || units[^1].Code != unitCode)
            {
                units.Add((unitCode, reader.GetString(1), reader.GetString(2), new Dictionary<string, decimal?>(StringComparer.Ordinal)));
            }
            units[^1].Values[reader.GetString(3)] = reader.IsDBNull(4) ? null : RegionValues.Normalize(reader.GetDecimal(4));
        }
        return [.. units.Select(u => new ContributingUnit(u.Code, u.Name, u.Basis, u.Values))];
    }

    /// <summary>The region's own recommendations first, then those of units below it in code order, with the region's choice.</summary>
    private async Task<IReadOnlyList<FeaturedCandidate>> CandidatesAsync(string code, int year, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            select a.activity_name, a.description, a.held_when, a.place, a.recommending_unit, a.contact, u.unit_name,
                   a.submission_key, a.row_number, c.depth = 0, fc.rank
            from fact_featured_activity a
            join dim_submission s on s.submission_key = a.submission_key
            join dim_reporting_unit u on u.reporting_unit_key = a.reporting_unit_key
            join region_closure c on c.descendant_key = u.region_key
            join dim_region r on r.region_key = c.ancestor_key
            left join featured_choice fc on fc.region_key = r.region_key and fc.year = a.year
                 and fc.submission_key = a.submission_key and fc.row_number = a.row_number
            where r.region_code = @code and a.year = @year and s.is_current and s.status in ('accepted', 'warning')
            order by c.depth, u.unit_code, a.row_number
            limit 200
            """);
        command.Parameters.Add(new NpgsqlParameter("code", NpgsqlDbType.Text) { Value = code });
        command.Parameters.Add(new NpgsqlParameter("year", NpgsqlDbType.Integer) { Value = year });
        var items = new List<FeaturedCandidate>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            string? Text(int i) => reader.IsDBNull(i) ? null : reader.GetString(i);
            var item = new FeaturedItem(reader.GetString(0), Text(1), Text(2), Text(3), Text(4), Text(5), reader.GetString(6));
            items.Add(new FeaturedCandidate(reader.GetInt64(7), reader.GetInt32(8), item, reader.GetBoolean(9),
                reader.IsDBNull(10) ? null : reader.GetInt32(10)));
        }
        return items;
    }

    /// <summary>
    /// Keeps the region's chosen list for the year, replacing the one before: <paramref name="keys"/> are candidate keys in
    /// the order chosen. Returns the reason in Chinese when the choice cannot be kept (more than five, or a key that is not
    /// one of the region's current recommendations, as a tampered form would send), null when it was kept.
    /// </summary>
    public async Task<string?> ChooseFeaturedAsync(string code, int year, IReadOnlyList<string> keys, string account, CancellationToken cancellationToken)
    {
        var distinct = keys.Distinct(StringComparer.Ordinal).ToList();
        if (distinct.Count > PublishData.MostFeatured)
        {
            return $"最多选择{PublishData.MostFeatured}项特色活动（本次选择了{distinct.Count}项），请减少后再保存。";
        }
        var candidates = (await CandidatesAsync(code, year, cancellationToken)).ToDictionary(c => c.Key, StringComparer.Ordinal);
        if (distinct.FirstOrDefault(k => !candidates.ContainsKey(k)) is not null)
        {
            return "所选活动已不在本地区的推荐活动之中（报表可能已被新版本替换），请刷新页面后重新选择。";
        }
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var clear = new NpgsqlCommand("""
            delete from featured_choice
            where year = @year and region_key = (select region_key from dim_region where region_code = @code)
            """, connection, transaction))
        {
            clear.Parameters.Add(new NpgsqlParameter("code", NpgsqlDbType.Text) { Value = code });
            clear.Parameters.Add(new NpgsqlParameter("year", NpgsqlDbType.Integer) { Value = year });
            await clear.ExecuteNonQueryAsync(cancellationToken);
        }
        foreach (var (key, rank) in distinct.Select((k, i) => (k, i + 1)))
        {
            await using var insert = new NpgsqlCommand("""
                insert into featured_choice (region_key, year, rank, submission_key, row_number, chosen_by)
                select region_key, @year, @rank, @submission, @row, @account from dim_region where region_code = @code
                """, connection, transaction);
            insert.Parameters.Add(new NpgsqlParameter("code", NpgsqlDbType.Text) { Value = code });
            insert.Parameters.Add(new NpgsqlParameter("year", NpgsqlDbType.Integer) { Value = year });
            insert.Parameters.Add(new NpgsqlParameter("rank", NpgsqlDbType.Integer) { Value = rank });
            insert.Parameters.Add(new NpgsqlParameter("submission", NpgsqlDbType.Bigint) { Value = candidates[key].SubmissionKey });
            insert.Parameters.Add(new NpgsqlParameter("row", NpgsqlDbType.Integer) { Value = candidates[key].RowNumber });
            insert.Parameters.Add(new NpgsqlParameter("account", NpgsqlDbType.Text) { Value = account });
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return null;
    }
}
