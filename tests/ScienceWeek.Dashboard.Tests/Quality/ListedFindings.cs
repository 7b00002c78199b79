using ScienceWeek.Testing;

namespace ScienceWeek.Dashboard.Tests.Quality;

/// <summary>
/// Lists long enough to page through: findings written straight into data_finding for a loaded form, one per rule and
/// measure (the first <c>measures</c> measures in the catalogue's order), as the checks would record them for a form
/// that jumped everywhere. A real upload gives a form a handful of findings; paging needs more than a page of them.
/// </summary>
public static class ListedFindings
{
    /// <summary>Adds findings to the current statistics form of the unit and year; answers how many the form then has.</summary>
    public static async Task<long> AddAsync(TestDatabase database, string unitCode, int year, int measures)
    {
        await database.ExecuteAsync("""
            insert into data_finding (submission_key, rule, measure_code, cell, message)
            select s.submission_key, r.rule, m.measure_code, 'Sheet1!C' || m.sort_order,
                   m.name_zh || '数值需核实（' || r.rule || '）'
            from dim_submission s
            join dim_reporting_unit u using (reporting_unit_key)
            cross join unnest(array['yoy_jump', 'unit_slip', 'ratio_outlier', 'total_mismatch', 'children_exceed_parent', 'parent_exceeds_children']) as r (rule)
            cross join (select measure_code, name_zh, sort_order from dim_measure order by sort_order limit $3) m
            where u.unit_code = $1 and s.year = $2 and s.is_current and s.form_kind = 'statistics'
            on conflict on constraint data_finding_submission_key_rule_measure_code_key do nothing
            """, unitCode, year, measures);
        return await database.ScalarAsync<long>("""
            select count(*) from data_finding d join dim_submission s using (submission_key) join dim_reporting_unit u using (reporting_unit_key)
            where u.unit_code = $1 and s.year = $2 and s.is_current
            """, unitCode, year);
    }
}
