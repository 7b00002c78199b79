using ScienceWeek.Etl.Forms;

namespace ScienceWeek.Etl.Tests.Reading;

public class UnitDirectoryTests
{
    private static readonly UnitDirectory Units = Fixtures.Units;

    [Theory]
    [InlineData("甘肃省兰州市城关区科学技术局", "620102")]
    [InlineData("兰州市城关区人民政府", "620102")]
    [InlineData("中共兰州市委宣传部", "620100")]
    [InlineData("兰州市科学技术局 中共兰州市委宣传部 兰州市科学技术协会", "620100")]
    [InlineData("兰州市科协", "620100")]
    [InlineData("济宁高新区", "370871")]
    [InlineData("太白湖新区经发局", "370800Z1")]
    [InlineData("济宁经开区管委会", "370800Z2")]
    [InlineData("兰州气象局", "620100-QX")]
    [InlineData("太原市小店区科技局", "140105")]
    [InlineData("兰州新区科技局", "620171")]
    [InlineData("甘肃省科学技术厅", "620000")]
    [InlineData("山东省科技厅", "370000")]
    [InlineData("兰州市滨河区科技局", null)]
    public void Resolves_a_unit_line_to_its_unit_code(string text, string? code)
    {
        var match = Units.Resolve(text, null);

        if (code is null)
        {
            Assert.Null(match.Unit);
        }
        else
        {
            Assert.Equal(code, match.Unit?.Code);
        }
    }

    [Fact]
    public void Finds_a_bare_county_name_in_several_places_ambiguous()
    {
        var match = Units.Resolve("城关区", null);

        Assert.True(match.IsAmbiguous);
        Assert.Equal(["540102", "620102"], match.Candidates.Select(c => c.Code).Order());
    }

    [Theory]
    [InlineData("620100", "620102")]
    [InlineData("540000", "540102")]
    public void Resolves_a_bare_county_name_with_the_parent_region(string parent, string code)
    {
        Assert.Equal(code, Units.Resolve("城关区科技局", parent).Unit?.Code);
    }

    [Fact]
    public void Reads_a_functional_zone_without_its_city_in_the_city_context()
    {
        Assert.Equal("370871", Units.Resolve("高新区科技创新局", "370800").Unit?.Code);
    }

    [Fact]
    public void Finds_the_county_named_in_a_place()
    {
        Assert.Equal("620103", Units.FindCounty("兰州市七里河区兰州市第三十三中学", null).Unit?.Code);
        Assert.Equal("620102", Units.FindCounty("城关区甘肃科技馆", "620100").Unit?.Code);
        Assert.Null(Units.FindCounty("甘肃科技馆", "620100").Unit);
    }
}
