namespace ScienceWeek.Warehouse.Model;

/// <summary>
/// The national 开展情况统计表 (附件2 of the ministry's notice) as it is printed: its items in order, each with its category
/// (merged down the first column over the category's items) or none, where the item spans the category column. The one
/// copy of the official labels: the published 统计表 and the sample forms are both laid out from it.
/// </summary>
public static class OfficialStatisticsForm
{
    public const string FundingCategory = "活动经费投入数量（单位：万元）";
    public const string StaffCategory = "科普工作人员参与数量（单位：人次）";
    public const string ParticipantCategory = "科普活动群众参与数量（单位：人次）";
    public const string MediaCategory = "宣传报道情况";

    /// <summary>The items of 附件2 in its order, with their category (null: the item spans the category column).</summary>
    public static readonly IReadOnlyList<(string Measure, string? Category, string Label)> Lines =
    [
        (Measures.Activities, null, "科普活动开展次数"),
        (Measures.FundingCentral, FundingCategory, "中央财政经费投入情况"),
        (Measures.FundingProvincial, FundingCategory, "省级、副省级财政经费投入情况"),
        (Measures.FundingMunicipal, FundingCategory, "市级财政经费投入情况"),
        (Measures.FundingCounty, FundingCategory, "县级财政经费投入情况"),
        (Measures.FundingEnterprise, FundingCategory, "企业赞助经费情况"),
        (Measures.FundingInKind, FundingCategory, "实物投入情况（如：捐赠图书、光盘、创新操作室等）"),
        (Measures.FundingOther, FundingCategory, "其他经费情况"),
        (Measures.StaffFulltime, StaffCategory, "科普专职人员数量"),
        (Measures.StaffScientists, StaffCategory, "科技工作者参与数量"),
        (Measures.StaffVolunteers, StaffCategory, "招募科技志愿者数量"),
        (Measures.StaffOther, StaffCategory, "其他人员数量"),
        (Measures.ParticipantsOffline, ParticipantCategory, "线下活动群众参与数量"),
        (Measures.ParticipantsOnline, ParticipantCategory, "线上活动群众参与数量"),
        (Measures.MediaOutlets, MediaCategory, "参与媒体数量"),
        (Measures.MediaReports, MediaCategory, "宣传报道数量"),
        (Measures.VenuesOpened, null, "活动周期间开放的科普场馆数量"),
        (Measures.InstitutionsOpened, null, "活动周期间开放的科研机构数量"),
        (Measures.UniversitiesOpened, null, "活动周期间开放的大学数量"),
    ];

    /// <summary>How many items a category spans.</summary>
    public static int ItemsOf(string category) => Lines.Count(l => l.Category == category);
}
