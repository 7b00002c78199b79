using ScienceWeek.Testing;
using ScienceWeek.Etl.Forms;

namespace ScienceWeek.Etl.Tests.Reading;

/// <summary>Every real-world file of ExcelDataReader's own test suite gets a status and a reason, and none throws.</summary>
[Trait("Category", ExternalCorpus.Category)]
public class CorpusTests
{
    [Fact]
    public void Answers_every_corpus_file_with_a_status_and_a_reason()
    {
        var files = Directory.EnumerateFiles(Fixtures.Corpus, "*", SearchOption.AllDirectories)
            .Where(f => Path.GetFileName(f) != "LICENSE").Order(StringComparer.Ordinal).ToList();
        Assert.True(files.Count > 300, $"only {files.Count} corpus files under {Fixtures.Corpus}");
        var reader = new FormReader(Fixtures.Units);
        var unanswered = new List<string>();

        foreach (var file in files)
        {
            var result = reader.Read(file, new ReadContext(), CancellationToken.None);
            if (result.Status is not (FormStatus.Accepted or FormStatus.Warning or FormStatus.Rejected)
                || (result.IsRejected && !result.Issues.Any(i => i.Severity == "error" && !string.IsNullOrWhiteSpace(i.Message))))
            {
                unanswered.Add(Path.GetFileName(file));
            }
        }

        Assert.Empty(unanswered);
    }
}
