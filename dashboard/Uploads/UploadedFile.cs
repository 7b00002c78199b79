using System.Text;

namespace ScienceWeek.Dashboard.Uploads;

/// <summary>
/// A file name as sent by a browser or script, made safe to store: never a path (no folders, no .., no NUL or control
/// characters), at most 120 characters, keeping its extension. The file is stored under a generated folder with this name,
/// so that the reader sees the name the clerk gave it (which may name the unit) and nothing else.
/// </summary>
public static class UploadedFile
{
    private const int MaxLength = 120;

    public static string SafeName(string? sent)
    {
        var name = (sent ?? "").Replace('\\', '/');
        name = name[(name.LastIndexOf('/') + 1)..];
        var text = new StringBuilder(name.Length);
        foreach (var c in name)
        {
            text.Append(char.IsControl(c) || Path.GetInvalidFileNameChars().Contains(c) || c is ':' or '*' or '?' or '"' or '<' or '>' or '|' ? '_' : c);
        }
        name = text.ToString().Trim().TrimStart('.');
        if (name.Length == 0)
        {
            name = "upload";
        }
        if (name.Length > MaxLength)
        {
            var extension = Path.GetExtension(name);
            extension = extension.Length <= 10 ? extension : "";
            name = name[..(MaxLength - extension.Length)] + extension;
        }
        return name;
    }
}
