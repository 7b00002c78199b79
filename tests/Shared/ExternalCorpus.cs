namespace ScienceWeek.Testing;

/// <summary>
/// Tests that read the robustness corpus kept outside the repository carry <c>[Trait("Category", ExternalCorpus.Category)]</c>:
/// ./test.sh leaves them out, so that a bare clone passes; scripts/test-corpus.sh (called by .ci/run) runs only them.
/// </summary>
public static class ExternalCorpus
{
    public const string Category = "ExternalCorpus";
}
