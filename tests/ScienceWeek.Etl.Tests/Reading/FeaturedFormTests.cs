using ScienceWeek.Etl.Forms;

namespace ScienceWeek.Etl.Tests.Reading;

public class FeaturedFormTests
{
    [Fact]
    public void Reads_a_recommendation_table_and_resolves_each_place_to_its_county()
    {
        var result = Fixtures.Read("featured-ok.xlsx");

        Assert.Equal(FormStatus.Accepted, result.Status);
        Assert.Equal(FormKind.Featured, result.Form);
        Assert.Equal("620100", result.Unit?.Code);
        Assert.Equal(2024, result.Year);
        Assert.Empty(result.Values);
        Assert.Equal(["620102", "620103", "620123"], result.Activities.Select(a => a.County));
        var first = result.Activities[0];
        Assert.Equal("科创筑梦 畅想未来——少年工程师开源机器人挑战赛", first.Name);
        Assert.Equal("5月25日", first.When);
        Assert.Equal("兰州市城关区甘肃科技馆", first.Place);
        Assert.Equal("兰州市科学技术局", first.Unit);
        Assert.Equal("王素娟 0931-8404745", first.Contact);
        Assert.Equal("B4", first.Cell);
    }

    [Fact]
    public void Rejects_more_than_five_activities_naming_the_extra_rows()
    {
        var result = Fixtures.Read("featured-six-rows.xlsx");

        Assert.Equal(FormStatus.Rejected, result.Status);
        var issue = Assert.Single(result.Issues, i => i.Code == "too_many_activities");
        Assert.Contains("第 9 行", issue.Message, StringComparison.Ordinal);
        Assert.Equal("Sheet1!B9", issue.Cell);
    }

    [Fact]
    public void Accepts_a_city_list_gathering_four_picks_of_each_of_two_counties()
    {
        var result = Fixtures.Read("featured-city-list-of-county-picks.csv");

        Assert.Equal(FormKind.Featured, result.Form);
        Assert.DoesNotContain(result.Issues, i => i.Code == "too_many_activities");
        Assert.False(result.IsRejected);
        Assert.Equal(8, result.Activities.Count);
        Assert.Equal([1, 2, 3, 4, 1, 2, 3, 4], FeaturedForm.RecommenderRanks(result.Activities));
    }

    [Fact]
    public void Rejects_a_description_longer_than_a_hundred_characters_naming_the_cell()
    {
        var result = Fixtures.Read("featured-long-description.xlsx");

        Assert.Equal(FormStatus.Rejected, result.Status);
        Assert.Equal("Sheet1!C5", Assert.Single(result.Issues, i => i.Code == "description_too_long").Cell);
    }

    [Fact]
    public void Warns_when_the_place_names_no_county()
    {
        var result = Fixtures.Read("featured-unknown-place.xlsx");

        Assert.Equal(FormStatus.Warning, result.Status);
        Assert.Null(Assert.Single(result.Activities).County);
        Assert.Equal("Sheet1!D4", Assert.Single(result.Issues, i => i.Code == "place_not_county").Cell);
    }

    [Theory]
    [InlineData("5月25日\n兰州市城关区甘肃科技馆", "5月25日", "兰州市城关区甘肃科技馆")]
    [InlineData("5月27日，兰州市七里河区", "5月27日", "兰州市七里河区")]
    [InlineData("榆中县和平镇", null, "榆中县和平镇")]
    [InlineData("活动周期间", "活动周期间", null)]
    public void Splits_time_and_place_written_in_one_cell(string text, string? when, string? place)
    {
        Assert.Equal((when, place), FeaturedForm.SplitWhenAndPlace(text));
    }
}
