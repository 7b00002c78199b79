using ScienceWeek.Etl.Forms;
using ScienceWeek.Testing;

namespace ScienceWeek.Etl.Tests.Reading;

/// <summary>Paths to the committed fixtures and the external corpus, found from the repository root (where ScienceWeek.sln is).</summary>
public static class Fixtures
{
    public static string RepositoryRoot => Repository.Root;

    public static string TestData => Path.Combine(RepositoryRoot, "tests", "ScienceWeek.Etl.Tests", "TestData");

    /// <summary>
    /// The robustness corpus outside the repository: SCIENCEWEEK_CORPUS, or ../shared/corpus/exceldatareader beside the clone.
    /// Only the tests of category <see cref="ExternalCorpus.Category"/> read it; scripts/test-corpus.sh runs them.
    /// </summary>
    public static string Corpus => Path.GetFullPath(Environment.GetEnvironmentVariable("SCIENCEWEEK_CORPUS") is { Length: > 0 } set
        ? set
        : Path.Combine(RepositoryRoot, "..", "shared", "corpus", "exceldatareader"));

    public static string File(string name) => Path.Combine(TestData, name);

    public static UnitDirectory Units { get; } = UnitDirectory.Load(UnitDirectory.DefaultFolder);

    public static FormReadResult Read(string name, ReadContext? context = null) =>
        new FormReader(Units).Read(File(name), context ?? new ReadContext(), CancellationToken.None);
}
