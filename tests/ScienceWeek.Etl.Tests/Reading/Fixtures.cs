using ScienceWeek.Etl.Forms;
using ScienceWeek.Testing;

namespace ScienceWeek.Etl.Tests.Reading;

/// <summary>Paths to the committed fixtures and the shared corpus, found from the repository root (where ScienceWeek.sln is).</summary>
public static class Fixtures
{
    public static string RepositoryRoot => Repository.Root;

    public static string TestData => Path.Combine(RepositoryRoot, "tests", "ScienceWeek.Etl.Tests", "TestData");

    public static string Corpus => Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared", "corpus", "exceldatareader"));

    public static string File(string name) => Path.Combine(TestData, name);

    public static UnitDirectory Units { get; } = UnitDirectory.Load(UnitDirectory.DefaultFolder);

    public static FormReadResult Read(string name, ReadContext? context = null) =>
        new FormReader(Units).Read(File(name), context ?? new ReadContext(), CancellationToken.None);
}
