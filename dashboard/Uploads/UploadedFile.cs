using System.Text;

namespace ScienceWeek.Dashboard.Uploads;

/// <summary>
/// A file name as sent by a browser or script, made safe to store: never a path (no folders, no .., no NUL or control
/// characters), at most 120 characters and 200 bytes of UTF-8 (file systems allow 255 bytes, and a Chinese character
/// takes three), keeping its extension. The file is stored under a generated folder with this name,
/// so that the reader sees the name the clerk gave it (which may name the unit) and nothing else.
/// </summary>
public static class UploadedFile
{
    private const int MaxLength = 120;
    private const int MaxBytes = 200;

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
        if (name.Length > MaxLength || Encoding.UTF8.GetByteCount(name) > MaxBytes)
        {
            var extension = Path.GetExtension(name);
            extension = extension.Length <= 10 ? extension : "";
            var stem = name[..Math.Min(name.Length - extension.Length, MaxLength - extension.Length)];
            while (Encoding.UTF8.GetByteCount(stem) + Encoding.UTF8.GetByteCount(extension) > MaxBytes || char.IsHighSurrogate(stem[^1]))
            {
                stem = stem[..^1];
            }
            name = stem + extension;
        }
        return name;
    }
}
