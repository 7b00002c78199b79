using ScienceWeek.Etl.Forms;
using ScienceWeek.Etl.Submissions;

namespace ScienceWeek.Etl.Tests.Loading;

public sealed class FolderContextTests
{
    private const string Root = "/srv/inbox";

    [Fact]
    public void A_folder_named_by_a_region_code_gives_the_parent_region_and_a_year_folder_the_year()
    {
        var context = FolderContext.For(Root, "/srv/inbox/2024/620100/城关区.xlsx", new ReadContext());

        Assert.Equal(new ReadContext(2024, "620100"), context);
    }

    [Fact]
    public void The_innermost_region_folder_wins()
    {
        var context = FolderContext.For(Root, "/srv/inbox/620000/620100/城关区.xlsx", new ReadContext());

        Assert.Equal("620100", context.ParentCode);
    }

    [Fact]
    public void What_the_command_line_says_wins_over_the_folders()
    {
        var context = FolderContext.For(Root, "/srv/inbox/2023/620100/城关区.xlsx", new ReadContext(2024, "540100"));

        Assert.Equal(new ReadContext(2024, "540100"), context);
    }

    [Fact]
    public void Folders_above_the_root_say_nothing()
    {
        var context = FolderContext.For("/srv/620100/inbox", "/srv/620100/inbox/城关区.xlsx", new ReadContext());

        Assert.Equal(new ReadContext(), context);
    }

    [Fact]
    public void A_zone_without_a_division_code_can_name_a_folder()
    {
        Assert.Equal("370800Z1", FolderContext.For(Root, "/srv/inbox/370800z1/form.xlsx", new ReadContext()).ParentCode);
    }
}
