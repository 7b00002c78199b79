namespace ScienceWeek.Testing;

/// <summary>
/// Tests that read the robustness corpus kept outside the repository carry <c>[Trait("Category", ExternalCorpus.Category)]</c>:
/// ./test.sh leaves them out, so that a bare clone passes; scripts/test-corpus.sh (called by .ci/run) runs only them.
/// </summary>
public static class ExternalCorpus
{
    public const string Category = "ExternalCorpus";

    /// <summary>The corpus folder: <c>SCIENCEWEEK_CORPUS</c>, or <c>../shared/corpus/exceldatareader</c> beside the clone.</summary>
    public static string Folder => Path.GetFullPath(Environment.GetEnvironmentVariable("SCIENCEWEEK_CORPUS") is { Length: > 0 } set
        ? set
        : Path.Combine(Repository.Root, "..", "shared", "corpus", "exceldatareader"));
}
