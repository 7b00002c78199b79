using ScienceWeek.Warehouse.Model;

namespace ScienceWeek.SampleData;

/// <summary>
/// The synthetic figures of every unit and year, before a clerk writes them into a form.
/// Counties are sized by population; a city's consolidated figures are the sum of its counties and zones
/// plus the city's own events (a few percent more, never exactly the sum); a comparison city is sized directly;
/// a province is the sum of its cities plus provincial events.
/// </summary>
public sealed class FigureModel(RegionCatalog regions, int seed)
{
    public static readonly int[] Years = [2020, 2021, 2022, 2023, 2024];

    // 2020 was held in August under epidemic rules; activity recovers and grows afterwards.
    private static readonly Dictionary<int, double> YearFactor = new() { [2020] = 0.72, [2021] = 0.93, [2022] = 0.88, [2023] = 1.08, [2024] = 1.2 };
    // The offline-to-online shift peaks in 2020-2022 and settles at a higher level than before.
    private static readonly Dictionary<int, double> OnlineShare = new() { [2020] = 0.58, [2021] = 0.46, [2022] = 0.52, [2023] = 0.31, [2024] = 0.28 };
    // Fiscal money dominates; enterprise sponsorship grows every year.
    private static readonly Dictionary<int, double> EnterpriseShare = new() { [2020] = 0.05, [2021] = 0.07, [2022] = 0.09, [2023] = 0.12, [2024] = 0.15 };

    private readonly Dictionary<(string, int), IReadOnlyDictionary<string, decimal>> cache = [];

    public IReadOnlyDictionary<string, decimal> For(Unit unit, int year)
    {
        if (!cache.TryGetValue((unit.Code, year), out var values))
        {
            values = unit.Kind switch
            {
                UnitKind.County or UnitKind.Zone => Local(unit, year),
                UnitKind.Department => Department(unit, year),
                UnitKind.City when RegionCatalog.FocusCityCodes.Contains(unit.Code) => Consolidated(unit, year, regions.ChildrenOf(unit.Code), 1.02, 1.12),
                UnitKind.City => ComparisonCity(unit, year),
                _ => Consolidated(unit, year, regions.ChildrenOf(unit.Code), 1.06, 1.22),
            };
            cache[(unit.Code, year)] = values;
        }
        return values;
    }

    private Dictionary<string, decimal> Local(Unit unit, int year)
    {
        var u = Rng.For(seed, "unit/" + unit.Code);
        var size = Math.Pow(unit.Population / 1e6, 0.7) * (0.75 + u.NextDouble() * 0.6);
        var rng = Rng.For(seed, FormattableString.Invariant($"local/{unit.Code}/{year}"));
        var activities = Math.Clamp(Math.Round(30 * size * YearFactor[year] * Noise(rng, 0.15)), 5, 60);
        var participants = activities * (650 + 500 * u.NextDouble()) * Noise(rng, 0.2);
        var funding = Math.Clamp(activities * 0.32 * Noise(rng, 0.25), 1, 30);
        var isDistrict = unit.Name.EndsWith('区') && unit.Kind == UnitKind.County;
        return Build(rng, year, activities, participants, funding, county: true,
            media: (2, 12), venues: (0, 4), institutions: (0, 3), universities: isDistrict ? (0, 3) : (0, 0));
    }

    private Dictionary<string, decimal> ComparisonCity(Unit unit, int year)
    {
        var u = Rng.For(seed, "unit/" + unit.Code);
        var size = Math.Pow(unit.Population / 1e6, 0.8) * (0.7 + u.NextDouble() * 0.6);
        var rng = Rng.For(seed, FormattableString.Invariant($"city/{unit.Code}/{year}"));
        var activities = Math.Clamp(Math.Round(40 * size * YearFactor[year] * Noise(rng, 0.12)), 30, 600);
        var participants = Math.Clamp(activities * (1500 + 900 * u.NextDouble()) * Noise(rng, 0.2), 50_000, 1_000_000);
        var funding = Math.Clamp(12 + activities * 0.4 * Noise(rng, 0.2), 20, 300);
        return Build(rng, year, activities, participants, funding, county: false,
            media: (6, 30), venues: (3, 18), institutions: (2, 12), universities: (1, 8));
    }

    private Dictionary<string, decimal> Department(Unit unit, int year)
    {
        var rng = Rng.For(seed, FormattableString.Invariant($"department/{unit.Code}/{year}"));
        var activities = Math.Round(4 + rng.NextDouble() * 10);
        var participants = activities * (300 + 500 * rng.NextDouble());
        var funding = 1 + rng.NextDouble() * 8;
        var values = Build(rng, year, activities, participants, funding, county: true,
            media: (1, 6), venues: (0, 2), institutions: (0, 2), universities: (0, 0));
        if (unit.Name.EndsWith("大学", StringComparison.Ordinal) || unit.Name.EndsWith("学院", StringComparison.Ordinal))
        {
            values[Measures.UniversitiesOpened] = 1;
        }
        return values;
    }

    private Dictionary<string, decimal> Consolidated(Unit unit, int year, IReadOnlyList<Unit> parts, double low, double high)
    {
        var rng = Rng.For(seed, FormattableString.Invariant($"consolidated/{unit.Code}/{year}"));
        var present = parts.Where(p => IsActive(p, year)).ToList();
        var values = new Dictionary<string, decimal>(StringComparer.Ordinal);
        foreach (var measure in Measures.OnForm)
        {
            var sum = present.Sum(p => For(p, year)[measure]);
            var factor = (decimal)(low + rng.NextDouble() * (high - low));
            values[measure] = Measures.IsFunding(measure) ? Math.Round(sum * factor, 2) : Math.Round(sum * factor);
        }
        return values;
    }

    /// <summary>A zone that did not exist or did not take part yet has no figures to consolidate.</summary>
    public static bool IsActive(Unit unit, int year) => !(unit.Code == "140171" && year < 2022);

    private static Dictionary<string, decimal> Build(Random rng, int year, double activities, double participants, double funding,
        bool county, (int, int) media, (int, int) venues, (int, int) institutions, (int, int) universities)
    {
        var online = Math.Round(participants * OnlineShare[year] * Noise(rng, 0.15));
        var offline = Math.Round(participants - online);
        var enterprise = funding * EnterpriseShare[year] * Noise(rng, 0.3);
        var inKind = funding * 0.05 * Noise(rng, 0.4);
        var other = rng.NextDouble() < 0.5 ? 0 : funding * 0.03 * Noise(rng, 0.4);
        var fiscal = funding - enterprise - inKind - other;
        // Counties rarely receive central money; cities pass some on.
        var central = county ? (rng.NextDouble() < 0.75 ? 0 : fiscal * 0.08) : fiscal * 0.1 * Noise(rng, 0.3);
        var provincial = fiscal * 0.15 * Noise(rng, 0.3);
        var municipal = county ? fiscal * 0.22 * Noise(rng, 0.3) : fiscal * 0.5;
        var countyLevel = Math.Max(0, fiscal - central - provincial - municipal);
        return new Dictionary<string, decimal>(StringComparer.Ordinal)
        {
            [Measures.Activities] = (decimal)activities,
            [Measures.FundingCentral] = Money(central),
            [Measures.FundingProvincial] = Money(provincial),
            [Measures.FundingMunicipal] = Money(municipal),
            [Measures.FundingCounty] = Money(countyLevel),
            [Measures.FundingEnterprise] = Money(enterprise),
            [Measures.FundingInKind] = Money(inKind),
            [Measures.FundingOther] = Money(other),
            [Measures.StaffFulltime] = Count(activities * 1.1 * Noise(rng, 0.2)),
            [Measures.StaffScientists] = Count(activities * 1.6 * Noise(rng, 0.25)),
            [Measures.StaffVolunteers] = Count(activities * 3.2 * Noise(rng, 0.25)),
            [Measures.StaffOther] = Count(activities * 0.9 * Noise(rng, 0.3)),
            [Measures.ParticipantsOffline] = (decimal)offline,
            [Measures.ParticipantsOnline] = (decimal)online,
            [Measures.MediaOutlets] = rng.Next(media.Item1, media.Item2 + 1),
            [Measures.MediaReports] = Count(activities * (0.8 + rng.NextDouble() * 1.5)),
            [Measures.VenuesOpened] = rng.Next(venues.Item1, venues.Item2 + 1),
            [Measures.InstitutionsOpened] = rng.Next(institutions.Item1, institutions.Item2 + 1),
            [Measures.UniversitiesOpened] = rng.Next(universities.Item1, universities.Item2 + 1),
        };
    }

    private static decimal Money(double wan) => Math.Round((decimal)wan, 2);

    private static decimal Count(double n) => Math.Round((decimal)n);

    private static double Noise(Random rng, double spread) => Math.Exp((rng.NextDouble() * 2 - 1) * spread);
}
