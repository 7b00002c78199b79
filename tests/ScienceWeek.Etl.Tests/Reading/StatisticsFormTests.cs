using ScienceWeek.Etl.Forms;
using ScienceWeek.Warehouse.Model;

namespace ScienceWeek.Etl.Tests.Reading;

public class StatisticsFormTests
{
    private static readonly Dictionary<string, decimal> National = new()
    {
        [Measures.Activities] = 186, [Measures.FundingCentral] = 35.5m, [Measures.FundingProvincial] = 20,
        [Measures.FundingMunicipal] = 15.25m, [Measures.FundingCounty] = 8, [Measures.FundingEnterprise] = 3,
        [Measures.FundingInKind] = 1.5m, [Measures.FundingOther] = 0.5m, [Measures.StaffFulltime] = 42,
        [Measures.StaffScientists] = 130, [Measures.StaffVolunteers] = 260, [Measures.StaffOther] = 18,
        [Measures.ParticipantsOffline] = 52000, [Measures.ParticipantsOnline] = 180000, [Measures.MediaOutlets] = 12,
        [Measures.MediaReports] = 86, [Measures.VenuesOpened] = 5, [Measures.InstitutionsOpened] = 3, [Measures.UniversitiesOpened] = 2,
    };

    private static void AssertNationalValues(FormReadResult result, params string[] except)
    {
        foreach (var (measure, expected) in National.Where(m => !except.Contains(m.Key)))
        {
            Assert.True(result.Values.TryGetValue(measure, out var value), $"{measure} missing");
            Assert.Equal(expected, value.Value);
        }
    }

    private static FormIssue SingleIssue(FormReadResult result, string code) => Assert.Single(result.Issues, i => i.Code == code);

    [Fact]
    public void Reads_the_national_layout_with_its_category_column()
    {
        var result = Fixtures.Read("statistics-national.xlsx");

        Assert.Equal(FormStatus.Accepted, result.Status);
        Assert.Equal(FormKind.Statistics, result.Form);
        Assert.Equal(new ResolvedUnit("620102", "城关区"), result.Unit);
        Assert.Equal(2024, result.Year);
        Assert.Empty(result.Issues);
        AssertNationalValues(result);
        Assert.Equal(new SourcedValue(35.5m, "Sheet1", "C4"), result.Values[Measures.FundingCentral]);
    }

    [Fact]
    public void Reads_the_xls_variant_of_the_national_layout()
    {
        var result = Fixtures.Read("statistics-national.xls");

        Assert.Equal(FormStatus.Accepted, result.Status);
        AssertNationalValues(result);
    }

    [Fact]
    public void Reads_the_layout_without_a_category_column()
    {
        var result = Fixtures.Read("statistics-without-category.xlsx");

        Assert.Equal(FormStatus.Accepted, result.Status);
        Assert.Equal("620103", result.Unit?.Code);
        AssertNationalValues(result);
    }

    [Fact]
    public void Reads_values_written_after_the_label_in_the_same_cell()
    {
        var result = Fixtures.Read("statistics-value-in-label.xlsx");

        Assert.Equal(FormStatus.Accepted, result.Status);
        Assert.Equal("620103", result.Unit?.Code);
        Assert.Empty(result.Issues);
        AssertNationalValues(result);
        Assert.Equal(new SourcedValue(186, "Sheet1", "A3"), result.Values[Measures.Activities]);
        Assert.Equal(new SourcedValue(1.5m, "Sheet1", "A10"), result.Values[Measures.FundingInKind]);
    }

    [Fact]
    public void A_colon_inside_a_label_is_not_taken_for_a_value_when_the_value_cell_is_blank()
    {
        var result = Fixtures.Read("statistics-colons-without-values.xlsx");

        Assert.Equal(FormStatus.Warning, result.Status);
        Assert.DoesNotContain(result.Issues, i => i.Severity == "error");
        Assert.Equal(["Sheet1!B11", "Sheet1!B16", "Sheet1!B9"], result.Issues.Where(i => i.Code == "value_blank").Select(i => i.Cell).Order(StringComparer.Ordinal));
        Assert.Null(result.Values[Measures.FundingInKind].Value);
        Assert.Null(result.Values[Measures.StaffFulltime].Value);
        Assert.Null(result.Values[Measures.ParticipantsOnline].Value);
        AssertNationalValues(result, Measures.FundingInKind, Measures.StaffFulltime, Measures.ParticipantsOnline);
    }

    [Fact]
    public void Reads_two_tables_laid_side_by_side()
    {
        var result = Fixtures.Read("statistics-side-by-side.xlsx");

        Assert.Equal(FormStatus.Accepted, result.Status);
        Assert.Equal("620111", result.Unit?.Code);
        AssertNationalValues(result);
        Assert.Equal("D5", result.Values[Measures.StaffOther].Cell);
    }

    [Fact]
    public void Reads_the_values_past_a_unit_column()
    {
        var result = Fixtures.Read("statistics-unit-column.xlsx");

        Assert.Equal(FormStatus.Accepted, result.Status);
        AssertNationalValues(result);
        Assert.Equal("C3", result.Values[Measures.Activities].Cell);
    }

    [Fact]
    public void Warns_when_the_unit_lies_outside_the_given_parent_region()
    {
        var result = Fixtures.Read("statistics-national.xlsx", new ReadContext(ParentCode: "540100"));

        Assert.Equal(FormStatus.Warning, result.Status);
        Assert.Equal("620102", result.Unit?.Code);
        Assert.Equal("Sheet1!A2", SingleIssue(result, "unit_outside_parent").Cell);
    }

    [Fact]
    public void Reads_labels_that_carry_unit_annotations()
    {
        var result = Fixtures.Read("statistics-unit-annotations.xlsx");

        Assert.Equal(FormStatus.Accepted, result.Status);
        Assert.Equal("140105", result.Unit?.Code);
        AssertNationalValues(result);
    }

    [Fact]
    public void Reads_labels_with_spaces_and_line_breaks_inside()
    {
        var result = Fixtures.Read("statistics-label-spaces.xlsx");

        Assert.Equal(FormStatus.Accepted, result.Status);
        AssertNationalValues(result);
    }

    [Fact]
    public void Reads_around_blank_rows_a_header_row_and_notes()
    {
        var result = Fixtures.Read("statistics-header-and-notes.xlsx");

        Assert.Equal(FormStatus.Accepted, result.Status);
        Assert.Equal("370871", result.Unit?.Code);
        AssertNationalValues(result);
    }

    [Fact]
    public void Reads_full_width_digits_in_the_title_and_the_values()
    {
        var result = Fixtures.Read("statistics-fullwidth-digits.xlsx");

        Assert.Equal(FormStatus.Accepted, result.Status);
        Assert.Equal(2024, result.Year);
        AssertNationalValues(result);
    }

    [Fact]
    public void Multiplies_counts_written_with_wan()
    {
        var result = Fixtures.Read("statistics-wan-multipliers.xlsx");

        Assert.Equal(FormStatus.Accepted, result.Status);
        AssertNationalValues(result);
    }

    [Fact]
    public void Reads_approximate_values_as_the_number_with_a_warning()
    {
        var result = Fixtures.Read("statistics-approximate.xlsx");

        Assert.Equal(FormStatus.Warning, result.Status);
        AssertNationalValues(result);
        Assert.Equal(4, result.Issues.Count(i => i.Code == "value_approximate" && i.Severity == "warning"));
        Assert.Contains(result.Issues, i => i.Cell == "Sheet1!C3");
    }

    [Fact]
    public void Converts_funding_written_in_yuan_to_wan_yuan_with_a_warning()
    {
        var result = Fixtures.Read("statistics-yuan.xlsx");

        Assert.Equal(FormStatus.Warning, result.Status);
        AssertNationalValues(result);
        Assert.Equal("Sheet1!C4", SingleIssue(result, "value_converted_from_yuan").Cell);
    }

    [Fact]
    public void Reads_a_blank_cell_as_not_reported_with_a_warning()
    {
        var result = Fixtures.Read("statistics-blank.xlsx");

        Assert.Equal(FormStatus.Warning, result.Status);
        Assert.Null(result.Values[Measures.FundingCounty].Value);
        Assert.Null(result.Values[Measures.InstitutionsOpened].Value);
        AssertNationalValues(result, Measures.FundingCounty, Measures.InstitutionsOpened);
        Assert.Equal(["Sheet1!C7", "Sheet1!C20"], result.Issues.Where(i => i.Code == "value_blank").Select(i => i.Cell));
    }

    [Fact]
    public void Reads_zero_words_as_zero()
    {
        var result = Fixtures.Read("statistics-zero-words.xlsx");

        Assert.Equal(FormStatus.Accepted, result.Status);
        foreach (var measure in new[] { Measures.FundingCentral, Measures.FundingProvincial, Measures.FundingMunicipal, Measures.FundingCounty, Measures.FundingEnterprise, Measures.FundingInKind })
        {
            Assert.Equal(0m, result.Values[measure].Value);
        }
    }

    [Theory]
    [InlineData("statistics-negative.xlsx", "value_negative", "Sheet1!C8")]
    [InlineData("statistics-percentage.xlsx", "value_percentage", "Sheet1!C17")]
    [InlineData("statistics-text.xlsx", "value_not_number", "Sheet1!C18")]
    public void Rejects_a_form_with_a_value_that_is_not_a_count_naming_the_cell(string file, string code, string cell)
    {
        var result = Fixtures.Read(file);

        Assert.Equal(FormStatus.Rejected, result.Status);
        var issue = SingleIssue(result, code);
        Assert.Equal("error", issue.Severity);
        Assert.Equal(cell, issue.Cell);
        Assert.Contains(cell, issue.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rejects_an_ambiguous_unit_naming_the_candidates()
    {
        var result = Fixtures.Read("statistics-ambiguous-chengguan.xlsx");

        Assert.Equal(FormStatus.Rejected, result.Status);
        Assert.Null(result.Unit);
        var issue = SingleIssue(result, "unit_ambiguous");
        Assert.Contains("620102", issue.Message, StringComparison.Ordinal);
        Assert.Contains("540102", issue.Message, StringComparison.Ordinal);
        Assert.Equal("Sheet1!A2", issue.Cell);
    }

    [Fact]
    public void Resolves_an_ambiguous_unit_with_the_parent_region_as_context()
    {
        var result = Fixtures.Read("statistics-ambiguous-chengguan.xlsx", new ReadContext(ParentCode: "540100"));

        Assert.Equal(FormStatus.Accepted, result.Status);
        Assert.Equal("540102", result.Unit?.Code);
    }

    [Fact]
    public void Rejects_a_unit_that_matches_nothing()
    {
        var result = Fixtures.Read("statistics-unknown-unit.xlsx");

        Assert.Equal(FormStatus.Rejected, result.Status);
        Assert.Contains("火星市", SingleIssue(result, "unit_unknown").Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Takes_the_year_from_the_file_name_when_the_title_has_none()
    {
        var result = Fixtures.Read("statistics-year-from-name-2023.xlsx", new ReadContext(Year: 2021));

        Assert.Equal(FormStatus.Accepted, result.Status);
        Assert.Equal(2023, result.Year);
    }

    [Fact]
    public void Rejects_a_form_without_any_year()
    {
        var result = Fixtures.Read("statistics-no-year.xlsx");

        Assert.Equal(FormStatus.Rejected, result.Status);
        Assert.Null(result.Year);
        SingleIssue(result, "year_missing");
    }

    [Fact]
    public void Takes_the_year_from_the_command_line_as_a_last_resort()
    {
        var result = Fixtures.Read("statistics-no-year.xlsx", new ReadContext(Year: 2022));

        Assert.Equal(FormStatus.Accepted, result.Status);
        Assert.Equal(2022, result.Year);
    }

    [Theory]
    [InlineData("statistics-gbk.csv", "620104")]
    [InlineData("statistics-utf8-bom.csv", "620105")]
    public void Reads_csv_files_as_chinese_excel_saves_them(string file, string unit)
    {
        var result = Fixtures.Read(file);

        Assert.Equal(FormStatus.Accepted, result.Status);
        Assert.Equal(unit, result.Unit?.Code);
        AssertNationalValues(result);
    }

    [Fact]
    public void Rejects_a_workbook_that_is_no_form_at_all()
    {
        var csv = "姓名,年龄\r\n张三,30\r\n"u8.ToArray();

        var result = new FormReader(Fixtures.Units).Read(new MemoryStream(csv), "名单.csv", new ReadContext(), CancellationToken.None);

        Assert.Equal(FormStatus.Rejected, result.Status);
        Assert.Null(result.Form);
        Assert.Equal("form_not_recognised", Assert.Single(result.Issues).Code);
    }
}
