using System.Collections.Frozen;
using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.Net.Http.Headers;

namespace ScienceWeek.Dashboard.Components.Maps;

/// <summary>
/// The boundary files of the maps: <c>maps/&lt;adcode&gt;.json</c> next to the program, made at build time by
/// simplify-maps.mjs with a brotli and a gzip copy each and an index of content hashes. They are served here rather than
/// through the static web assets pipeline, which fingerprinted and compressed all 362 files on every clean build; the
/// URL carries the content hash, so a browser keeps a file until the package (and so the hash) changes.
/// </summary>
public sealed class MapFiles
{
    private readonly FrozenDictionary<string, string> hashes;

    public MapFiles() : this(Path.Combine(AppContext.BaseDirectory, "maps"))
    {
    }

    public MapFiles(string folder)
    {
        Folder = folder;
        var index = Path.Combine(folder, "index.json");
        hashes = File.Exists(index)
            ? JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(index))!.ToFrozenDictionary(StringComparer.Ordinal)
            : FrozenDictionary<string, string>.Empty;
    }

    public string Folder { get; }

    /// <summary>How many boundary files there are (0 when the build made none).</summary>
    public int Count => hashes.Count;

    /// <summary>The address of the boundary file of an adcode's sub-regions, or null when the package has none (counties).</summary>
    public string? Url(string adcode) => hashes.TryGetValue(adcode, out var hash) ? $"/maps/{adcode}.json?v={hash}" : null;

    /// <summary>The file for an adcode in the best encoding the request accepts: brotli, gzip, or none.</summary>
    public IResult Serve(HttpContext context, string file)
    {
        var adcode = file.EndsWith(".json", StringComparison.Ordinal) ? file[..^5] : "";
        if (!hashes.TryGetValue(adcode, out var hash))
        {
            // A bare 404 for a script's fetch, not the signed-in HTML page of a missing address.
            context.Features.Get<IStatusCodePagesFeature>()?.Enabled = false;
            return Results.NotFound();
        }
        var accepted = context.Request.GetTypedHeaders().AcceptEncoding;
        bool Accepts(string encoding) => accepted.Any(a => a.Value.Equals(encoding, StringComparison.OrdinalIgnoreCase) && a.Quality is not <= 0);
        var (suffix, encoding) = Accepts("br") ? (".br", "br") : Accepts("gzip") ? (".gz", "gzip") : ("", null);
        var headers = context.Response.Headers;
        headers.Vary = HeaderNames.AcceptEncoding;
        headers.CacheControl = context.Request.Query["v"] == hash ? "public, max-age=31536000, immutable" : "no-cache";
        if (encoding is not null)
        {
            headers.ContentEncoding = encoding;
        }
        var path = Path.Combine(Folder, adcode + ".json" + suffix);
        return Results.File(path, "application/json", lastModified: File.GetLastWriteTimeUtc(path),
            entityTag: new EntityTagHeaderValue($"\"{hash}{encoding}\""));
    }
}

public static class MapFilesEndpoints
{
    /// <summary>GET /maps/620000.json: the boundaries of Gansu's cities. Open like the other static assets (no figures in them).</summary>
    public static IEndpointRouteBuilder MapMapFiles(this IEndpointRouteBuilder app)
    {
        app.MapMethods("/maps/{file}", [HttpMethods.Get, HttpMethods.Head], (HttpContext context, string file, MapFiles maps) => maps.Serve(context, file))
            .AllowAnonymous();
        return app;
    }
}
