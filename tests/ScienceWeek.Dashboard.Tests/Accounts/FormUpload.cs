using System.Net.Http.Headers;
using System.Text.Json;

namespace ScienceWeek.Dashboard.Tests.Accounts;

/// <summary>Sends one form to POST /api/v1/submissions as a script would, and reads the answer's import lines.</summary>
public static class FormUpload
{
    public static async Task<List<JsonElement>> PostAsync(HttpClient client, string path, string? submittedOn = null)
    {
        using var content = new MultipartFormDataContent();
        var part = new ByteArrayContent(await File.ReadAllBytesAsync(path));
        part.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        content.Add(part, "file", Path.GetFileName(path));
        if (submittedOn is not null)
        {
            content.Add(new StringContent(submittedOn), "submitted_on");
        }
        using var response = await client.PostAsync("/api/v1/submissions", content);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        return [.. JsonDocument.Parse(text).RootElement.EnumerateArray().Select(e => e.Clone())];
    }
}
