using System.Text.RegularExpressions;
using ScienceWeek.Accounts;
using ScienceWeek.Dashboard.Tests.Accounts;

namespace ScienceWeek.Dashboard.Tests.Pages;

/// <summary>The region picker of the slicers offers only the regions the signed-in account may see.</summary>
[Collection(PageWarehouseGroup.Name)]
public sealed partial class RegionPickerOptionsTests(PageWarehouse warehouse)
{
    [Fact]
    public async Task A_Lanzhou_viewer_is_offered_Lanzhou_and_the_regions_below_it_and_nothing_else()
    {
        var account = await TestAccounts.AddAsync(warehouse.Factory, "picker-lanzhou", AccountRole.Viewer, "620100");
        using var client = warehouse.Factory.CreateClient(account);

        var offered = Options(await Html.GetAsync(client, "/funding?year=2024"));

        Assert.Contains("620100", offered);
        Assert.Contains("620102", offered);
        Assert.Contains("620123", offered);
        Assert.All(offered, code => Assert.StartsWith("6201", code, StringComparison.Ordinal));
        Assert.DoesNotContain("140100", offered);
        Assert.DoesNotContain("620000", offered);
        Assert.Equal(offered.Count, offered.Distinct().Count());
    }

    [Fact]
    public async Task A_nation_wide_viewer_is_offered_every_province_and_the_sample_cities()
    {
        using var client = warehouse.CreateSignedInClient();

        var offered = Options(await Html.GetAsync(client, "/funding?year=2024"));

        Assert.Contains("140100", offered);
        Assert.Contains("370800", offered);
        Assert.Contains("620000", offered);
        Assert.Contains("110000", offered);
    }

    private static List<string> Options(string page) =>
        [.. OptionValue().Matches(Html.Section(page, "<select name=\"regions\"", "</select>")).Select(m => m.Groups[1].Value)];

    [GeneratedRegex("<option value=\"([0-9A-Za-z-]+)\"")]
    private static partial Regex OptionValue();
}
