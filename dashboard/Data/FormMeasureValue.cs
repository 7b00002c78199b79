namespace ScienceWeek.Dashboard.Data;

/// <summary>
/// One form's value of one measure, read by measure code straight from fact_statistics_value (its primary key leads with
/// the submission), as the view form_measure_value defines it: a measure on the form is its row, a total the sum of the
/// rows that roll up into it (dim_measure.rolls_up_into), null when none was filled in. Readers that want a few measures
/// of a few forms use this instead of the view, which would compute every form's totals before the join.
/// </summary>
public static class FormMeasureValue
{
    /// <summary>SQL of the value for the submission key <paramref name="submissionKey"/> and measure code <paramref name="measureCode"/> (both SQL expressions).</summary>
    public static string Sql(string submissionKey, string measureCode) => $"""
        (select sum(x.value) from fact_statistics_value x join dim_measure d using (measure_code)
         where x.submission_key = {submissionKey} and (d.measure_code = {measureCode} or {measureCode} = any(d.rolls_up_into)))
        """;
}
