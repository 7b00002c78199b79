namespace ScienceWeek.Dashboard.Values;

/// <summary>
/// One form's value of one measure, read by measure code from the view statistics_measure_value (warehouse
/// Sql/Current/marts.sql, where the rule for totals lives). As a correlated subquery the submission and measure reach
/// both branches of the view, so only that form's rows are read; a join with form_measure_value instead would compute
/// every form's totals first.
/// </summary>
public static class FormMeasureValue
{
    /// <summary>SQL of the value for the submission key <paramref name="submissionKey"/> and measure code <paramref name="measureCode"/> (both SQL expressions).</summary>
    public static string Sql(string submissionKey, string measureCode) =>
        $"(select v.value from statistics_measure_value v where v.submission_key = {submissionKey} and v.measure_code = {measureCode})";
}
