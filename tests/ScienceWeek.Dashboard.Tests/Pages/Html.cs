using System.Net;

namespace ScienceWeek.Dashboard.Tests.Pages;

/// <summary>Reads rendered pages as text and cuts parts out of them, so an assertion looks only where it means to.</summary>
public static class Html
{
    /// <summary>The page, which must answer 200, with entities decoded (the renderer writes Chinese as &amp;#x...;).</summary>
    public static async Task<string> GetAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url} answered {(int)response.StatusCode}: {WebUtility.HtmlDecode(body)}");
        return WebUtility.HtmlDecode(body);
    }

    public static string Section(string html, string start, string end)
    {
        var from = html.IndexOf(start, StringComparison.Ordinal);
        Assert.True(from >= 0, $"'{start}' not found in the page");
        var to = html.IndexOf(end, from, StringComparison.Ordinal);
        return to < 0 ? html[from..] : html[from..(to + end.Length)];
    }
}
