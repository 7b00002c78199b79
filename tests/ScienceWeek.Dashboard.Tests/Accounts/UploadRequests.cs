using System.Net.Http.Headers;
using System.Text.Json;

namespace ScienceWeek.Dashboard.Tests.Accounts;

/// <summary>Multipart bodies for POST /api/v1/submissions, as scripts send them, and the JSON array it answers.</summary>
public static class UploadRequests
{
    public static MultipartFormDataContent Files(params (string Name, byte[] Bytes)[] files)
    {
        var content = new MultipartFormDataContent();
        foreach (var (name, bytes) in files)
        {
            var part = new ByteArrayContent(bytes);
            part.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            content.Add(part, "file", name);
        }
        return content;
    }

    public static async Task<List<JsonElement>> ArrayAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        return [.. JsonDocument.Parse(text).RootElement.EnumerateArray().Select(e => e.Clone())];
    }
}
