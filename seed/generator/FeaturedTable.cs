using System.Globalization;

namespace ScienceWeek.SampleData;

/// <summary>One row of a 推荐表; <c>County</c> is the county-level region the place names.</summary>
public sealed record Activity(string Name, string Description, string WhenWhere, string County, string Unit, string Contact);

/// <summary>The featured-activity recommendation table (附件1 推荐表), and the activities the notices list.</summary>
public static class FeaturedTable
{
    private static readonly (string Name, string Description)[] Kinds =
    [
        ("科技列车行{0}站活动", "组织专家团队乘科技列车深入{0}，开展农业技术培训、医疗义诊和科普展览，服务基层群众。"),
        ("{0}科普讲解大赛", "面向科普场馆讲解员和科技工作者举办讲解比赛，展示科学知识传播能力，优秀选手推荐参加全国科普讲解大赛。"),
        ("“奇妙的科学”科学实验展演", "在{0}举办科学实验展演，通过趣味实验互动演示物理、化学原理，激发青少年好奇心和探究欲。"),
        ("重点实验室开放日", "组织{0}重点实验室和科研平台向公众开放，科研人员现场讲解仪器设备和最新研究成果。"),
        ("科普进校园系列活动", "组织科技辅导员和科普志愿者走进{0}中小学校，开展科普讲座、科技制作和科学小课堂。"),
        ("科学之夜", "夜间开放科普场馆，设置天文观测、科学表演和互动体验项目，让市民在夜晚感受科学魅力。"),
        ("防震减灾科普进校园", "联合地震部门在{0}中小学开展防震减灾知识讲座和应急疏散演练，提升师生避险自救能力。"),
        ("院士专家校园行暨科学家精神进校园", "邀请院士专家走进{0}校园作报告，讲述科学家爱国奋斗故事，弘扬科学家精神。"),
        ("科普大篷车进乡村", "科普大篷车开进{0}乡镇和行政村，展出科普展品，发放科普资料，开展健康咨询和农技指导。"),
        ("“科技兴农”农业科技下乡", "组织农业专家深入{0}田间地头，开展种植养殖技术培训和现场指导，推广实用新技术。"),
        ("“守护银发 关爱健康”科普讲座", "面向{0}社区老年人开展常见病慢病防治、防范电信诈骗等科普讲座和咨询服务。"),
        ("气象科技周开放活动", "气象观测站向公众开放，介绍气象观测和灾害预警知识，开展防灾减灾科普宣传。"),
    ];

    private static readonly string[] Venues = ["青少年活动中心", "第一中学", "实验小学", "文化广场", "图书馆", "科技馆", "人民广场", "职业中等专业学校", "新时代文明实践中心"];
    private static readonly string[] Surnames = ["王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "马", "孙"];
    private static readonly string[] Given = ["伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "涛", "明"];

    /// <summary>Activities for a recommending unit; places are counties of its city (or the county itself).</summary>
    public static List<Activity> Activities(Random rng, Unit unit, IReadOnlyList<Unit> placeCounties, DateOnly weekStart, int count, string areaCode, bool fullPath)
    {
        var kinds = Enumerable.Range(0, Kinds.Length).OrderBy(_ => rng.Next()).Take(count).ToList();
        var contactName = Surnames[rng.Next(Surnames.Length)] + Given[rng.Next(Given.Length)];
        var contact = rng.Next(2) == 0
            ? string.Create(CultureInfo.InvariantCulture, $"{contactName} {areaCode}-{rng.Next(2_000_000, 9_000_000)}")
            : string.Create(CultureInfo.InvariantCulture, $"{contactName} 13{rng.Next(3, 10)}{rng.Next(10_000_000, 99_999_999)}");
        var list = new List<Activity>();
        foreach (var k in kinds)
        {
            var county = placeCounties[rng.Next(placeCounties.Count)];
            var day = weekStart.AddDays(rng.Next(0, 7));
            var venue = Venues[rng.Next(Venues.Length)];
            var place = (fullPath ? county.FullName : county.Name) + venue;
            var (name, description) = Kinds[k];
            list.Add(new Activity(
                string.Format(CultureInfo.InvariantCulture, name, unit.ShortName),
                string.Format(CultureInfo.InvariantCulture, description, county.Name),
                string.Create(CultureInfo.InvariantCulture, $"{day.Year}年{day.Month}月{day.Day}日，{place}"),
                county.Code,
                unit.Kind == UnitKind.Department ? unit.Name : unit.FullName + "科学技术局",
                contact));
        }
        return list;
    }

    public static string Html(string title, string unitLine, IReadOnlyList<Activity> activities)
    {
        var rows = new List<List<Cell>>
        {
            new() { new Cell(title, 6) },
            new() { new Cell(unitLine, 6) },
            new() { new("序号"), new("活动名称"), new("活动简介"), new("举办时间、地点"), new("推荐单位"), new("联系人及电话") },
        };
        for (var i = 0; i < activities.Count; i++)
        {
            var a = activities[i];
            rows.Add([new((i + 1).ToString(CultureInfo.InvariantCulture)), new(a.Name), new(a.Description), new(a.WhenWhere), new(a.Unit), new(a.Contact)]);
        }
        rows.Add([new Cell("说明：各地方各相关部门推荐活动数量不超过5项。", 6)]);
        return Sheet.Html(title, rows);
    }
}
