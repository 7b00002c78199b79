using ScienceWeek.Dashboard.Api;
using ScienceWeek.Dashboard.Values;

namespace ScienceWeek.Dashboard.Tests.Api;

public class ApiMappingTests
{
    [Fact]
    public void Every_mapping_of_the_dashboard_compiles_and_maps_each_destination_member()
    {
        ApiMapping.Config.Compile();
    }

    [Fact]
    public void A_region_value_becomes_an_api_row_with_its_trailing_zeros_trimmed()
    {
        var row = new RegionValueRow("620100", "兰州市", "city", "620000", 2024, "funding_total", 12.500m, "reported",
            7, "兰州市.xlsx", DateTimeOffset.UnixEpoch, "Sheet1", "C6", 1, 0, 8);

        var api = row.ToApi();

        Assert.Equal(new ValueRow("620100", "兰州市", 2024, "funding_total", 12.5m, "reported"), api);
        Assert.Equal("12.5", api.Value!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }
}
