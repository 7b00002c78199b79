using Mapster;
using ScienceWeek.Dashboard.Values;

namespace ScienceWeek.Dashboard.Api;

/// <summary>
/// The dashboard's mappings between layers (query rows to API rows), configured in one place. A test compiles and validates
/// every configuration, so a member left unmapped fails there instead of as a missing field in a response.
/// </summary>
public static class ApiMapping
{
    public static TypeAdapterConfig Config { get; } = Create();

    public static ValueRow ToApi(this RegionValueRow row) => row.Adapt<ValueRow>(Config);

    private static TypeAdapterConfig Create()
    {
        var config = new TypeAdapterConfig { RequireExplicitMapping = true, RequireDestinationMemberSource = true };
        config.NewConfig<RegionValueRow, ValueRow>()
            .Map(api => api.Value, row => ValuesRequest.Normalize(row.Value));
        return config;
    }
}
