using ScienceWeek.Etl.Forms;

namespace ScienceWeek.Etl.Tests.Reading;

public class FormValueTests
{
    [Theory]
    [InlineData("186", false, "186", null)]
    [InlineData("１２３", false, "123", null)]
    [InlineData("1,234", false, "1234", null)]
    [InlineData("1 234 人次", false, "1234", null)]
    [InlineData("41.5万", false, "415000", null)]
    [InlineData("2亿", false, "200000000", null)]
    [InlineData("12场", false, "12", null)]
    [InlineData("约300", false, "300", "value_approximate")]
    [InlineData("近300", false, "300", "value_approximate")]
    [InlineData("300余", false, "300", "value_approximate")]
    [InlineData("300多", false, "300", "value_approximate")]
    [InlineData("超过300", false, "300", "value_approximate")]
    [InlineData("逾300", false, "300", "value_approximate")]
    [InlineData("3万余人次", false, "30000", "value_approximate")]
    [InlineData("12.5", true, "12.5", null)]
    [InlineData("12.5万元", true, "12.5", null)]
    [InlineData("１２．５万元", true, "12.5", null)]
    [InlineData("50000元", true, "5", "value_converted_from_yuan")]
    [InlineData("0", false, "0", null)]
    [InlineData("无", true, "0", null)]
    [InlineData("—", false, "0", null)]
    [InlineData("－", false, "0", null)]
    [InlineData("-", false, "0", null)]
    [InlineData("/", false, "0", null)]
    public void Reads_a_value(string text, bool isFunding, string expected, string? warning)
    {
        var parsed = FormValue.Parse(text, isFunding, false, "指标");

        Assert.False(parsed.IsError, parsed.Message);
        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), parsed.Value);
        Assert.Equal(warning, parsed.Code);
    }

    [Theory]
    [InlineData("-5", false, "value_negative")]
    [InlineData("－5", true, "value_negative")]
    [InlineData("35%", false, "value_percentage")]
    [InlineData("３５％", true, "value_percentage")]
    [InlineData("较多", false, "value_not_number")]
    [InlineData("12.5", false, "value_not_whole")]
    [InlineData("1.23456万", false, "value_not_whole")]
    [InlineData("12人次", true, "value_not_number")]
    [InlineData("5万元", false, "value_not_number")]
    public void Rejects_a_value(string text, bool isFunding, string code)
    {
        var parsed = FormValue.Parse(text, isFunding, false, "指标");

        Assert.True(parsed.IsError);
        Assert.Equal(code, parsed.Code);
        Assert.Null(parsed.Value);
    }

    [Fact]
    public void Rejects_a_number_formatted_as_a_percentage()
    {
        Assert.Equal("value_percentage", FormValue.Parse("0.35", false, isPercentFormat: true, "指标").Code);
    }

    [Fact]
    public void Reads_an_empty_cell_as_not_reported_with_a_warning()
    {
        var parsed = FormValue.Parse("  ", false, false, "指标");

        Assert.Null(parsed.Value);
        Assert.Equal((IssueSeverity.Warning, "value_blank"), (parsed.Severity!.Value, parsed.Code));
    }
}
