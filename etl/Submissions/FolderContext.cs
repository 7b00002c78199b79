using System.Globalization;
using System.Text.RegularExpressions;
using ScienceWeek.Etl.Forms;

namespace ScienceWeek.Etl.Submissions;

/// <summary>
/// What the folders a file was found in say about it: a folder named by a region code gives the parent region that
/// settles bare unit names (inbox/620100/城关区.xlsx), a folder named by a year gives the year. The inbox and
/// <c>import FOLDER</c> read folders the same way.
/// </summary>
public static partial class FolderContext
{
    /// <param name="root">The folder the search started from; folders above it say nothing.</param>
    /// <param name="given">What the caller gave (command line); it wins over the folders.</param>
    public static ReadContext For(string root, string path, ReadContext given)
    {
        var relative = Path.GetRelativePath(root, path);
        string? parent = null;
        int? year = null;
        var folderNames = Path.GetDirectoryName(relative)?.Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries) ?? [];
        // The innermost folder that names a region wins: inbox/620000/620100/x.xlsx is read with parent 620100.
        foreach (var name in folderNames.Reverse())
        {
            if (parent is null && RegionCode().IsMatch(name))
            {
                parent = name.ToUpperInvariant();
            }
            else if (year is null && YearFolder().IsMatch(name))
            {
                year = int.Parse(name, CultureInfo.InvariantCulture);
            }
        }
        return given with { Year = given.Year ?? year, ParentCode = given.ParentCode ?? parent };
    }

    [GeneratedRegex(@"^\d{6}(Z\d+)?$", RegexOptions.IgnoreCase)]
    private static partial Regex RegionCode();

    [GeneratedRegex(@"^20\d{2}$")]
    private static partial Regex YearFolder();
}
