using System.Text.Json;
using ScienceWeek.Accounts;
using ScienceWeek.Dashboard.Tests.Accounts;

namespace ScienceWeek.Dashboard.Tests.Pages;

[Collection(PageWarehouseGroup.Name)]
public sealed class RegionPickerTests(PageWarehouse warehouse)
{
    private static async Task<string[]> HitsAsync(HttpClient client, string q)
    {
        using var json = JsonDocument.Parse(await client.GetStringAsync($"/api/v1/regions?q={Uri.EscapeDataString(q)}"));
        return [.. json.RootElement.EnumerateArray().Select(hit => hit.GetProperty("code").GetString()!)];
    }

    [Fact]
    public async Task The_nation_wide_picker_finds_a_county_of_any_province_by_name_or_code()
    {
        var client = warehouse.CreateSignedInClient();

        Assert.Contains("620123", await HitsAsync(client, "榆中"));
        Assert.Contains("140100", await HitsAsync(client, "太原"));
        Assert.Equal("000000", (await HitsAsync(client, "000000"))[0]);
    }

    [Fact]
    public async Task A_city_account_is_offered_only_its_city_and_the_regions_under_it()
    {
        var account = await TestAccounts.AddAsync(warehouse.Factory, "lanzhou-picker", AccountRole.Viewer, "620100");
        var client = warehouse.Factory.CreateClient(account);

        var lanzhou = await HitsAsync(client, "兰州");
        var yuzhong = await HitsAsync(client, "榆中");
        var taiyuan = await HitsAsync(client, "太原");
        var nation = await HitsAsync(client, "000000");
        var overview = await Html.GetAsync(client, "/?year=2024");
        var options = Html.Section(overview, "<select name=\"regions\"", "</select>");

        Assert.Contains("620100", lanzhou);
        Assert.All(lanzhou, code => Assert.StartsWith("6201", code));
        Assert.Equal(["620123"], yuzhong);
        Assert.Empty(taiyuan);
        Assert.Empty(nation);
        Assert.Contains("<option value=\"620103\">", options);
        Assert.DoesNotContain("<option value=\"140100\">", options);
        Assert.DoesNotContain("<option value=\"000000\">", options);
        Assert.DoesNotContain("<option value=\"620000\">", options);
    }
}
