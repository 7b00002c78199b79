namespace ScienceWeek.Warehouse;

/// <summary>The .sql files under Sql/, compiled into the assembly.</summary>
public static class EmbeddedSql
{
    public static string Read(string fileName)
    {
        var assembly = typeof(EmbeddedSql).Assembly;
        var name = assembly.GetManifestResourceNames().SingleOrDefault(n => n.EndsWith("." + fileName, StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"No embedded SQL file named {fileName}.");
        using var stream = assembly.GetManifestResourceStream(name)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
