namespace ScienceWeek.Dashboard.Values;

/// <summary>
/// Values per 10,000 residents of the 2020 census (dim_region.population_2020): the one rule the maps and the tables
/// share. Where the population is unknown there is no per-capita value.
/// </summary>
public static class PerCapita
{
    public const decimal Residents = 10_000m;

    /// <summary>Shown where a region's population is unknown.</summary>
    public const string NoPopulation = "无人口数据";

    public static decimal? PerTenThousand(decimal? value, long? population) =>
        value is { } v && population is { } p && p > 0 ? v * Residents / p : null;
}
