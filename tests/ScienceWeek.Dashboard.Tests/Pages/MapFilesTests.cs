using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using ScienceWeek.Dashboard.Components.Maps;

namespace ScienceWeek.Dashboard.Tests.Pages;

[Collection(PageWarehouseGroup.Name)]
public sealed class MapFilesTests(PageWarehouse warehouse)
{
    private readonly HttpClient client = warehouse.Factory.CreateClient();

    private async Task<HttpResponseMessage> GetAsync(string path, params string[] encodings)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        foreach (var encoding in encodings)
        {
            request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue(encoding));
        }
        return await client.SendAsync(request);
    }

    private static async Task<JsonDocument> JsonAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStreamAsync();
        Stream text = response.Content.Headers.ContentEncoding.FirstOrDefault() switch
        {
            "br" => new BrotliStream(body, CompressionMode.Decompress),
            "gzip" => new GZipStream(body, CompressionMode.Decompress),
            _ => body,
        };
        return await JsonDocument.ParseAsync(text);
    }

    [Fact]
    public void The_build_made_one_boundary_file_per_region_with_sub_regions_of_the_package()
    {
        var maps = warehouse.Factory.Services.GetRequiredService<MapFiles>();

        Assert.Equal(362, maps.Count);
        Assert.NotNull(maps.Url(MapQuery.NationGeoCode));
        Assert.NotNull(maps.Url("620100"));
        Assert.Null(maps.Url("620123"));
    }

    [Theory]
    [InlineData("br", "br")]
    [InlineData("gzip", "gzip")]
    [InlineData(null, null)]
    public async Task A_map_file_comes_precompressed_in_the_encoding_the_browser_accepts_and_holds_the_same_areas(string? accepted, string? served)
    {
        var url = warehouse.Factory.Services.GetRequiredService<MapFiles>().Url("620000")!;

        using var response = await GetAsync(url, accepted is null ? [] : [accepted]);
        using var json = await JsonAsync(response);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(served, response.Content.Headers.ContentEncoding.SingleOrDefault());
        Assert.Contains("Accept-Encoding", response.Headers.Vary);
        Assert.True(response.Headers.CacheControl!.MaxAge > TimeSpan.FromDays(300));
        Assert.Equal(14, json.RootElement.GetProperty("features").GetArrayLength());
        Assert.Contains(json.RootElement.GetProperty("features").EnumerateArray(),
            f => f.GetProperty("properties").GetProperty("name").GetString() == "兰州市" && f.GetProperty("properties").GetProperty("adcode").GetInt32() == 620100);
    }

    [Fact]
    public async Task A_map_file_asked_for_without_its_hash_must_be_revalidated()
    {
        using var response = await GetAsync("/maps/620000.json", "br");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.Headers.CacheControl!.NoCache);
    }

    [Theory]
    [InlineData("/maps/620123.json")]
    [InlineData("/maps/index.json")]
    [InlineData("/maps/..%2Fappsettings.json")]
    [InlineData("/maps/620000.json.br")]
    public async Task Anything_but_a_boundary_file_is_not_found(string path)
    {
        using var response = await GetAsync(path, "br");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
