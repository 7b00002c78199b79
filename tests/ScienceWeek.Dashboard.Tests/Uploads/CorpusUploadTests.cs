using System.Net;
using System.Text.Json;
using ScienceWeek.Accounts;
using ScienceWeek.Dashboard.Tests.Accounts;
using ScienceWeek.Testing;
using static ScienceWeek.Dashboard.Tests.Accounts.UploadRequests;

namespace ScienceWeek.Dashboard.Tests.Uploads;

/// <summary>The robustness corpus (ExcelDataReader's real-world spreadsheets, none of them a form) posted through the upload API.</summary>
[Trait("Category", ExternalCorpus.Category)]
[Collection(KestrelSiteGroup.Name)]
public sealed class CorpusUploadTests(KestrelSite site)
{
    [Fact]
    public async Task Every_corpus_file_posted_is_answered_none_is_accepted_none_fails_the_server_and_it_goes_on_serving()
    {
        var files = Directory.EnumerateFiles(ExternalCorpus.Folder, "*", SearchOption.AllDirectories)
            .Where(f => Path.GetFileName(f) != "LICENSE").Order(StringComparer.Ordinal).ToList();
        Assert.True(files.Count > 300, $"only {files.Count} corpus files under {ExternalCorpus.Folder}");
        var clerk = await site.AddAsync("corpus-clerk", AccountRole.Uploader, "620100");
        using var client = site.As(clerk);
        var wrong = new List<string>();

        foreach (var file in files)
        {
            using var response = await client.PostAsync("/api/v1/submissions", Files((Path.GetFileName(file), await File.ReadAllBytesAsync(file))));
            var text = await response.Content.ReadAsStringAsync();
            if (response.StatusCode != HttpStatusCode.OK)
            {
                wrong.Add($"{Path.GetFileName(file)}: {(int)response.StatusCode} {text}");
                continue;
            }
            var line = Assert.Single(JsonDocument.Parse(text).RootElement.EnumerateArray());
            if (line.GetProperty("status").GetString() != "rejected" || line.GetProperty("load").GetString() != "quarantined"
                || !line.GetProperty("issues").EnumerateArray().Any(i => i.GetProperty("severity").GetString() == "error" && i.GetProperty("message").GetString()!.Length > 0))
            {
                wrong.Add($"{Path.GetFileName(file)}: {text}");
            }
        }
        using var health = await site.Anonymous().GetAsync("/healthz");

        Assert.Empty(wrong);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }
}
