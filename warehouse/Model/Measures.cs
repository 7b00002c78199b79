namespace ScienceWeek.Warehouse.Model;

/// <summary>The measure codes used everywhere: warehouse, ETL output and API.</summary>
public static class Measures
{
    public const string Activities = "activities";
    public const string FundingCentral = "funding_central";
    public const string FundingProvincial = "funding_provincial";
    public const string FundingMunicipal = "funding_municipal";
    public const string FundingCounty = "funding_county";
    public const string FundingEnterprise = "funding_enterprise";
    public const string FundingInKind = "funding_in_kind";
    public const string FundingOther = "funding_other";
    public const string StaffFulltime = "staff_fulltime";
    public const string StaffScientists = "staff_scientists";
    public const string StaffVolunteers = "staff_volunteers";
    public const string StaffOther = "staff_other";
    public const string ParticipantsOffline = "participants_offline";
    public const string ParticipantsOnline = "participants_online";
    public const string MediaOutlets = "media_outlets";
    public const string MediaReports = "media_reports";
    public const string VenuesOpened = "venues_opened";
    public const string InstitutionsOpened = "institutions_opened";
    public const string UniversitiesOpened = "universities_opened";

    public const string FundingTotal = "funding_total";
    public const string FundingFiscal = "funding_fiscal";
    public const string FundingNonfiscal = "funding_nonfiscal";
    public const string StaffTotal = "staff_total";
    public const string ParticipantsTotal = "participants_total";

    /// <summary>The measures a statistics form carries, in the form's order.</summary>
    public static readonly IReadOnlyList<string> OnForm =
    [
        Activities,
        FundingCentral, FundingProvincial, FundingMunicipal, FundingCounty, FundingEnterprise, FundingInKind, FundingOther,
        StaffFulltime, StaffScientists, StaffVolunteers, StaffOther,
        ParticipantsOffline, ParticipantsOnline,
        MediaOutlets, MediaReports,
        VenuesOpened, InstitutionsOpened, UniversitiesOpened,
    ];

    /// <summary>Sums of measures on the form.</summary>
    public static readonly IReadOnlyList<string> Totals = [FundingTotal, FundingFiscal, FundingNonfiscal, StaffTotal, ParticipantsTotal];

    public static readonly IReadOnlyList<string> All = [.. OnForm, .. Totals];

    /// <summary>Money is in 万元 and may have decimals; everything else is a whole count.</summary>
    public static bool IsFunding(string measureCode) => measureCode.StartsWith("funding_", StringComparison.Ordinal);
}
