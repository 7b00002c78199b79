namespace ScienceWeek.Testing;

/// <summary>The repository the tests run from, found upwards from the test binaries (where ScienceWeek.sln is).</summary>
public static class Repository
{
    public static string Root { get; } = FindRoot();

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ScienceWeek.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("ScienceWeek.sln not found above " + AppContext.BaseDirectory);
    }
}
