using ScienceWeek.Etl.Submissions;
using ScienceWeek.Testing;

namespace ScienceWeek.Etl.Tests.Loading;

/// <summary>The loading fixtures (TestData/loading, made by its make-fixtures.sh) and a throwaway data folder per test.</summary>
public static class LoadingFiles
{
    public static string Folder { get; } = Path.Combine(Repository.Root, "tests", "ScienceWeek.Etl.Tests", "TestData", "loading");

    public static string Fixture(string name) => Path.Combine(Folder, name);

    public static FormReading Reader { get; } = ImportServices.CreateReader();

    public static string NewDataFolder()
    {
        var folder = Path.Combine(Path.GetTempPath(), "scienceweek-loading-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(folder);
        return folder;
    }

    /// <summary>Copies a fixture to <paramref name="folder"/>, under another name if given, and returns the copy's path.</summary>
    public static string CopyTo(string fixture, string folder, string? name = null)
    {
        Directory.CreateDirectory(folder);
        var target = Path.Combine(folder, name ?? fixture);
        File.Copy(Fixture(fixture), target);
        return target;
    }

}

/// <summary>One warehouse database shared by the tests of a class; each test uses its own fixtures and data folder.</summary>
public sealed class LoadingDatabase : IAsyncLifetime
{
    public TestDatabase Db { get; private set; } = null!;

    public async Task InitializeAsync() => Db = await TestCluster.CreateDatabaseAsync();

    public async Task DisposeAsync() => await Db.DisposeAsync();
}
