using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using ScienceWeek.Accounts;
using ScienceWeek.Dashboard.Bench;
using ScienceWeek.Dashboard.Components.Display;
using ScienceWeek.Dashboard.Components.Pages;
using ScienceWeek.Dashboard.Components.Pages.Compare;
using ScienceWeek.Dashboard.Components.Pages.Funding;
using ScienceWeek.Dashboard.Components.Pages.Media;
using ScienceWeek.Dashboard.Components.Pages.Overview;
using ScienceWeek.Dashboard.Components.Pages.Participation;
using ScienceWeek.Dashboard.Components.Pages.Regions;
using ScienceWeek.Dashboard.Values;
using ScienceWeek.Warehouse;
using ScienceWeek.Warehouse.Embedded;

// The dashboard benchmark: a national-scale warehouse in a throwaway cluster, the published dashboard in Release
// as its own process on loopback, then for every page: time per request (sequential, warm), the SQL the page ran
// (pg_stat_statements over the same requests), throughput under concurrent clients, and first-load page weight.
// Usage: scripts/bench-dashboard.sh [--requests 200] [--seconds 5] [--clients 32] [--page /path ...]

var options = BenchOptions.Parse(args);
using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };
var cancellationToken = stop.Token;
var invariant = CultureInfo.InvariantCulture;
var report = new StringBuilder();
void Line(string text)
{
    Console.WriteLine(text);
    report.AppendLine(text);
}

// --data keeps the loaded cluster in a folder for reruns; by default it lives and dies in /tmp.
var folder = options.DataFolder ?? Path.Combine(Path.GetTempPath(), $"scienceweek-bench-{Environment.ProcessId}");
var summaryFile = Path.Combine(folder, "bench-warehouse.json");
var cluster = new EmbeddedCluster(folder, EmbeddedClusterSettings.Throwaway with
{
    ServerParameters = [.. EmbeddedClusterSettings.Throwaway.ServerParameters,
        "shared_preload_libraries=pg_stat_statements", "pg_stat_statements.track_planning=on", "shared_buffers=256MB"],
});
Process? dashboard = null;
try
{
    await cluster.StartAsync(cancellationToken);
    await using var warehouse = new WarehouseDatabase(new WarehouseOptions { ConnectionString = cluster.ConnectionString }, NullLogger<WarehouseDatabase>.Instance);
    await warehouse.StartAsync(cancellationToken);
    var data = warehouse.DataSource;
    await Execute(data, "create extension if not exists pg_stat_statements");

    NationalWarehouse.Summary loaded;
    if (File.Exists(summaryFile))
    {
        loaded = System.Text.Json.JsonSerializer.Deserialize<NationalWarehouse.Summary>(await File.ReadAllTextAsync(summaryFile, cancellationToken))!;
        Console.WriteLine($"Reusing the national warehouse in {folder}");
    }
    else
    {
        Console.WriteLine($"Loading a national warehouse, {options.FirstYear}-{options.LastYear} ...");
        loaded = await NationalWarehouse.LoadAsync(data, options.FirstYear, options.LastYear, cancellationToken);
        await File.WriteAllTextAsync(summaryFile, System.Text.Json.JsonSerializer.Serialize(loaded), cancellationToken);
    }
    Console.WriteLine($"{loaded.Submissions} forms, {loaded.FactRows} fact rows: COPY {loaded.Load.TotalSeconds:F1} s, refresh_marts() {loaded.Refresh.TotalSeconds:F1} s");
    var regions = await Scalar<long>(data, "select count(*) from dim_region");
    var counties = await Scalar<long>(data, "select count(*) from dim_region where level = 'county'");

    var port = FreePort();
    var baseAddress = new Uri($"http://127.0.0.1:{port}");
    dashboard = Process.Start(new ProcessStartInfo("dotnet", [options.Dashboard])
    {
        WorkingDirectory = Path.GetDirectoryName(Path.GetFullPath(options.Dashboard))!,
        Environment =
        {
            // The dashboard refreshes the marts on start (reference data load); at national scale that outlasts
            // Npgsql's default 30 s command timeout.
            ["ConnectionStrings__Warehouse"] = cluster.ConnectionString + ";Command Timeout=900",
            ["ASPNETCORE_URLS"] = baseAddress.ToString(),
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["Logging__LogLevel__Default"] = "Warning",
        },
        RedirectStandardOutput = true,
        RedirectStandardError = true,
    })!;
    dashboard.OutputDataReceived += (_, e) => { if (e.Data is { Length: > 0 }) { Console.Error.WriteLine("[dashboard] " + e.Data); } };
    dashboard.ErrorDataReceived += (_, e) => { if (e.Data is { Length: > 0 }) { Console.Error.WriteLine("[dashboard] " + e.Data); } };
    dashboard.BeginOutputReadLine();
    dashboard.BeginErrorReadLine();

    // Every page needs a signed-in account: a nation-wide viewer with an API token, sent as a bearer header on every request.
    var token = await ViewerTokenAsync(data, cancellationToken);
    using var handler = new SocketsHttpHandler { AutomaticDecompression = DecompressionMethods.None, MaxConnectionsPerServer = options.Clients, UseCookies = false };
    using var http = new HttpClient(handler) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };
    http.DefaultRequestHeaders.Authorization = new("Bearer", token);
    await WaitForAsync(http, "/healthz", cancellationToken);
    // Everything but /healthz needs a signed-in account: the bench reads as an admin of the whole country, by API token.
    http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", await BenchAccount.TokenAsync(data, cancellationToken));

    if (options.Freshness > 0)
    {
        // Freshness instead of the pages: loads change the warehouse the page figures are read from.
        var fresh = await Freshness.MeasureAsync(data, http, options.Freshness, options.LastYear - 1, cancellationToken);
        Line("### Freshness: a load's commit to its value in /api/v1/values");
        Line("");
        Line($"- When: {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC; {fresh.Loads} county forms loaded one at a time through the importer into {loaded.Submissions:N0} forms, {options.LastYear - 1}");
        Line("");
        Line("| step | p50 ms | p95 ms | mean ms |");
        Line("|---|---:|---:|---:|");
        Line(string.Create(invariant, $"| load (read, check, one transaction) | {fresh.Load.P50:F0} | {fresh.Load.P95:F0} | {fresh.Load.Mean:F0} |"));
        Line(string.Create(invariant, $"| commit → refresh_region_values done | {fresh.Refresh.P50:F0} | {fresh.Refresh.P95:F0} | {fresh.Refresh.Mean:F0} |"));
        Line(string.Create(invariant, $"| **commit → value in /api/v1/values** | {fresh.Visible.P50:F0} | {fresh.Visible.P95:F0} | {fresh.Visible.Mean:F0} |"));
        Line("");
        Line(string.Create(invariant, $"Full rebuild beside it (refresh_marts(), 3 runs): {string.Join(", ", fresh.FullRebuildSeconds.Select(s => s.ToString("F1", invariant)))} s; freshness p95 / full rebuild: {fresh.Visible.P95 / 1000 / fresh.FullRebuildSeconds.Order().ElementAt(1):F3}"));
        if (options.Out is { } freshOut)
        {
            await File.WriteAllTextAsync(freshOut, report.ToString(), cancellationToken);
        }
        return;
    }

    Line("### Run");
    Line("");
    Line($"- When: {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC; machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}, dashboard published in Release, PostgreSQL 15 on loopback");
    Line($"- Warehouse: {regions} regions ({counties} county-level), years {options.FirstYear}-{options.LastYear}: {loaded.Submissions:N0} current statistics forms, {loaded.FactRows:N0} fact rows, loaded by binary COPY in {loaded.Load.TotalSeconds:F1} s; refresh_marts() {loaded.Refresh.TotalSeconds:F1} s; mart_region_value {loaded.MartRows:N0} rows");
    Line($"- Per URL: {options.Warmup} warm-up requests (once for every URL before the first is measured, and again before its own measurement), then {options.Requests} sequential requests; load: {options.Clients} concurrent clients for {options.Seconds} s (at most {options.MaxLoadRequests} requests)");
    Line("");

    // The replays read the region and measure dimensions once and keep them, as the running dashboard does.
    var catalogue = new Catalogue(data, TimeProvider.System);
    var mapFiles = new ScienceWeek.Dashboard.Components.Maps.MapFiles(Path.Combine(Path.GetDirectoryName(Path.GetFullPath(options.Dashboard))!, "maps"));
    await catalogue.GetAsync(cancellationToken);
    var slowest = new Dictionary<string, string>(StringComparer.Ordinal);
    var results = new List<(string Url, Stats Page, double SqlMs, double Statements, double? ReplayMs, Load Load)>();
    // A first warm-up round over every URL: the runtime compiles the code all pages share (tiered JIT) in the
    // background for a few seconds after start, which would otherwise be charged to whichever URL is measured first.
    var answering = new List<string>();
    foreach (var url in options.Pages)
    {
        var probe = await http.GetAsync(url, cancellationToken);
        if (probe.StatusCode != HttpStatusCode.OK || probe.RequestMessage?.RequestUri?.AbsolutePath == "/account/login")
        {
            Line($"- skipped {url}: HTTP {(int)probe.StatusCode}");
            continue;
        }
        answering.Add(url);
        for (var i = 0; i < options.Warmup; i++)
        {
            await GetAsync(http, url, cancellationToken);
        }
    }
    foreach (var url in answering)
    {
        for (var i = 0; i < options.Warmup; i++)
        {
            await GetAsync(http, url, cancellationToken);
        }
        await Execute(data, "select pg_stat_statements_reset()");
        var times = new List<double>();
        for (var i = 0; i < options.Requests; i++)
        {
            times.Add(await GetAsync(http, url, cancellationToken));
        }
        var (calls, sqlMs) = await SqlTimeAsync(data);
        slowest[url] = await SlowestStatementAsync(data);
        var replay = Replay(data, catalogue, url, mapFiles) is { } run ? await TimeAsync(run, options.Requests, cancellationToken) : (double?)null;
        var load = await LoadAsync(http, url, options, cancellationToken);
        results.Add((url, Stats.Of(times), sqlMs / options.Requests, (double)calls / options.Requests, replay, load));
    }

    Line("### Server time per request (sequential, warm) against the SQL it ran");
    Line("");
    Line("| URL | p50 ms | p95 ms | SQL statements | SQL ms (server) | page p50 / SQL | its queries replayed, p50 ms | page p50 / replay |");
    Line("|---|---:|---:|---:|---:|---:|---:|---:|");
    foreach (var r in results)
    {
        Line(string.Create(invariant,
            $"| `{r.Url}` | {r.Page.P50:F1} | {r.Page.P95:F1} | {r.Statements:F1} | {r.SqlMs:F2} | {r.Page.P50 / r.SqlMs:F1}× | {(r.ReplayMs is { } p ? p.ToString("F2", invariant) : "")} | {(r.ReplayMs is { } q ? (r.Page.P50 / q).ToString("F1", invariant) + "×" : "")} |"));
    }
    Line("");
    Line($"### Throughput, {options.Clients} concurrent clients on loopback");
    Line("");
    Line("| URL | requests | req/s | p50 ms | p95 ms | errors |");
    Line("|---|---:|---:|---:|---:|---:|");
    foreach (var r in results)
    {
        Line(string.Create(invariant, $"| `{r.Url}` | {r.Load.Requests} | {r.Load.PerSecond:F0} | {r.Load.Latency.P50:F1} | {r.Load.Latency.P95:F1} | {r.Load.Errors} |"));
    }
    Line("");
    Line("### Slowest statement per URL (pg_stat_statements, mean ms per call)");
    Line("");
    foreach (var r in results)
    {
        Line($"- `{r.Url}`: {slowest[r.Url]}");
    }
    // What signing in costs per request, apart from any page: /healthz answers anonymous requests too, so the same
    // request with and without the bearer token differs only by the token's look-up and the principal.
    Line("");
    Line("### Sign-in per request: `/healthz` with and without the API token (sequential, warm)");
    Line("");
    Line("| request | p50 ms | p95 ms | SQL statements | SQL ms (server) |");
    Line("|---|---:|---:|---:|---:|");
    var withToken = http.DefaultRequestHeaders.Authorization;
    var signIn = new List<Stats>();
    foreach (var (label, header) in new[] { ("anonymous", (System.Net.Http.Headers.AuthenticationHeaderValue?)null), ("with the API token", withToken) })
    {
        http.DefaultRequestHeaders.Authorization = header;
        for (var i = 0; i < options.Warmup; i++)
        {
            await GetAsync(http, "/healthz", cancellationToken);
        }
        await Execute(data, "select pg_stat_statements_reset()");
        var times = new List<double>();
        for (var i = 0; i < options.Requests; i++)
        {
            times.Add(await GetAsync(http, "/healthz", cancellationToken));
        }
        var (calls, sqlMs) = await SqlTimeAsync(data);
        var stats = Stats.Of(times);
        signIn.Add(stats);
        Line(string.Create(invariant, $"| {label} | {stats.P50:F2} | {stats.P95:F2} | {(double)calls / options.Requests:F1} | {sqlMs / options.Requests:F2} |"));
    }
    http.DefaultRequestHeaders.Authorization = withToken;
    Line("");
    Line(string.Create(invariant, $"Sign-in cost per request (p50 with token − p50 anonymous): {signIn[1].P50 - signIn[0].P50:F2} ms"));
    Line("");
    Line("### Page weight on first load (Accept-Encoding: br, gzip)");
    Line("");
    Line("| page | HTML bytes | CSS+JS+map files | CSS+JS+map bytes | total KB | encodings |");
    Line("|---|---:|---:|---:|---:|---|");
    foreach (var r in results.Where(r => !r.Url.StartsWith("/api/", StringComparison.Ordinal) && !r.Url.StartsWith("/download/", StringComparison.Ordinal)))
    {
        var weight = await PageWeightAsync(baseAddress, token, r.Url, cancellationToken);
        Line(string.Create(invariant, $"| `{r.Url}` | {weight.Html:N0} | {weight.Assets} | {weight.AssetBytes:N0} | {(weight.Html + weight.AssetBytes) / 1024.0:F1} | {weight.Encodings} |"));
    }
    if (options.Out is { } outFile)
    {
        await File.WriteAllTextAsync(outFile, report.ToString(), cancellationToken);
    }
}
finally
{
    if (dashboard is { HasExited: false })
    {
        dashboard.Kill(entireProcessTree: true);
        await dashboard.WaitForExitAsync(CancellationToken.None);
    }
    NpgsqlConnection.ClearAllPools();
    await cluster.StopAsync(CancellationToken.None);
    if (options.DataFolder is null)
    {
        Directory.Delete(folder, recursive: true);
    }
}

static async Task<double> GetAsync(HttpClient http, string url, CancellationToken cancellationToken)
{
    var clock = Stopwatch.StartNew();
    using var response = await http.GetAsync(url, HttpCompletionOption.ResponseContentRead, cancellationToken);
    response.EnsureSuccessStatusCode();
    return clock.Elapsed.TotalMilliseconds;
}

static async Task<Load> LoadAsync(HttpClient http, string url, BenchOptions options, CancellationToken cancellationToken)
{
    var deadline = Stopwatch.StartNew();
    var issued = 0;
    var errors = 0;
    var times = new List<double>[options.Clients];
    var clients = Enumerable.Range(0, options.Clients).Select(async client =>
    {
        times[client] = [];
        while (deadline.Elapsed.TotalSeconds < options.Seconds && Interlocked.Increment(ref issued) <= options.MaxLoadRequests)
        {
            try
            {
                times[client].Add(await GetAsync(http, url, cancellationToken));
            }
            catch (HttpRequestException)
            {
                Interlocked.Increment(ref errors);
            }
        }
    });
    await Task.WhenAll(clients);
    var elapsed = deadline.Elapsed.TotalSeconds;
    var all = times.SelectMany(t => t).ToList();
    return new Load(all.Count, all.Count / elapsed, Stats.Of(all), errors);
}

static async Task<(long Calls, double Milliseconds)> SqlTimeAsync(NpgsqlDataSource data)
{
    await using var command = data.CreateCommand("""
        select coalesce(sum(calls), 0)::bigint, coalesce(sum(total_exec_time + total_plan_time), 0)::float8
        from pg_stat_statements
        where dbid = (select oid from pg_database where datname = current_database())
          and query not ilike '%pg_stat_statements%'
        """);
    await using var reader = await command.ExecuteReaderAsync();
    await reader.ReadAsync();
    return (reader.GetInt64(0), reader.GetDouble(1));
}

static async Task<string> SlowestStatementAsync(NpgsqlDataSource data)
{
    await using var command = data.CreateCommand("""
        select round(mean_exec_time::numeric, 2)::text || ' ms: `' || left(regexp_replace(query, '\s+', ' ', 'g'), 160) || '`'
        from pg_stat_statements
        where dbid = (select oid from pg_database where datname = current_database())
          and query not ilike '%pg_stat_statements%'
        order by total_exec_time desc limit 1
        """);
    return (await command.ExecuteScalarAsync()) as string ?? "none";
}

// A URL's queries run directly through Npgsql from this process, round trips included: the raw-SQL baseline.
// For the API and the values download, RegionValues.QueryAsync with the URL's parameters; for a page, its data phase:
// the page's own query service with the page's own reading of the URL (PageRequest), and the map it draws, without rendering.
static Func<CancellationToken, Task>? Replay(NpgsqlDataSource data, Catalogue catalogue, string url, ScienceWeek.Dashboard.Components.Maps.MapFiles mapFiles)
{
    var uri = new Uri("http://x" + url);
    var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(uri.Query);
    string? Get(string name) => query.TryGetValue(name, out var v) ? v.ToString() : null;
    string[]? regionCodes = query.TryGetValue("regions", out var r) ? [.. r.OfType<string>()] : null;
    var request = PageRequest.FromQuery(new Microsoft.AspNetCore.Http.QueryCollection(query));
    var values = new RegionValues(data);
    var likeForLike = new LikeForLikeValues(data);
    var path = uri.AbsolutePath;
    // The map's query (its sub-regions' values, population and departments), as RegionMap reads it.
    var mapQuery = new ScienceWeek.Dashboard.Components.Maps.MapQuery(values, likeForLike, data, mapFiles);
    async Task MapAsync(Scope scope, string region, Measure measure, ScienceWeek.Dashboard.Components.Maps.MapBasis basis, bool likeForLikeMap, CancellationToken cancellationToken) =>
        await mapQuery.ReadAsync(scope.Catalogue, scope.Catalogue.Region(region)!, scope.Year!.Value, measure, basis, likeForLikeMap, cancellationToken);

    if (path == "/api/v1/values" || path.StartsWith("/download/values.", StringComparison.Ordinal))
    {
        static List<string> Split(Microsoft.Extensions.Primitives.StringValues v) =>
            [.. v.ToString().Split(',', StringSplitOptions.RemoveEmptyEntries)];
        var valueQuery = new RegionValueQuery(
            Split(query.GetValueOrDefault("measures")),
            query.TryGetValue("years", out var years) ? Split(years).Select(y => int.Parse(y, CultureInfo.InvariantCulture)).ToList() : null,
            regionCodes is null ? null : Split(regionCodes),
            Get("level"),
            Get("parent"));
        return async cancellationToken => await values.QueryAsync(valueQuery, cancellationToken);
    }
    var compare = new CompareQuery(catalogue, values, likeForLike);
    if (path.StartsWith("/download/like-for-like.", StringComparison.Ordinal))
    {
        // As the endpoint: the like-for-like rows, then the later year's values over all units.
        string[] years = Get("years")!.Split(',');
        var (from, to) = (int.Parse(years[0], CultureInfo.InvariantCulture), int.Parse(years[1], CultureInfo.InvariantCulture));
        var codes = Get("regions")!.Split(',');
        return async cancellationToken =>
        {
            await compare.LikeForLikeAsync(codes, from, to, Get("measures")!, cancellationToken);
            await values.QueryAsync(new RegionValueQuery([Get("measures")!], [to], codes), cancellationToken);
        };
    }
    if (path.StartsWith("/region/", StringComparison.Ordinal))
    {
        var code = path["/region/".Length..];
        var regionQuery = new RegionQuery(data, catalogue, values, likeForLike);
        return async cancellationToken =>
        {
            var view = await regionQuery.ReadAsync(code, request, cancellationToken);
            if (view.Children.Count > 0)
            {
                await MapAsync(view.Scope, code, view.Measure, view.MapBasis, view.Comparison.LikeForLike, cancellationToken);
            }
        };
    }
    var overview = new OverviewQuery(catalogue, values, likeForLike);
    var funding = new FundingQuery(catalogue, values, likeForLike);
    var participation = new ParticipationQuery(catalogue, values, likeForLike);
    var media = new MediaQuery(catalogue, values, likeForLike);
    return path switch
    {
        "/" => async cancellationToken =>
        {
            var view = await overview.ReadAsync(request, cancellationToken);
            await MapAsync(view.Scope, RegionScope.Nation, view.Measure, view.MapBasis, view.Comparison.LikeForLike, cancellationToken);
        },
        "/funding" => async cancellationToken => await funding.ReadAsync(request, cancellationToken),
        "/participation" => async cancellationToken => await participation.ReadAsync(request, cancellationToken),
        "/media" => async cancellationToken => await media.ReadAsync(request, cancellationToken),
        "/compare" => async cancellationToken => await compare.ReadAsync(request, cancellationToken),
        _ => null,
    };
}

// The median time of a replay after ten warm-up runs.
static async Task<double> TimeAsync(Func<CancellationToken, Task> run, int requests, CancellationToken cancellationToken)
{
    for (var i = 0; i < 10; i++)
    {
        await run(cancellationToken);
    }
    var times = new List<double>();
    for (var i = 0; i < requests; i++)
    {
        var clock = Stopwatch.StartNew();
        await run(cancellationToken);
        times.Add(clock.Elapsed.TotalMilliseconds);
    }
    return Stats.Of(times).P50;
}

static async Task<string> ViewerTokenAsync(NpgsqlDataSource data, CancellationToken cancellationToken)
{
    var services = new ServiceCollection();
    services.AddLogging();
    services.AddAccounts(_ => data);
    await using var provider = services.BuildServiceProvider();
    await using var scope = provider.CreateAsyncScope();
    var directory = scope.ServiceProvider.GetRequiredService<AccountDirectory>();
    var name = $"bench-{Environment.ProcessId}-{DateTime.UtcNow:HHmmss}";
    await directory.AddAsync(name, AccountRole.Viewer, RegionScope.Nation, cancellationToken);
    return await directory.CreateTokenAsync(name, cancellationToken);
}

static async Task<(long Html, int Assets, long AssetBytes, string Encodings)> PageWeightAsync(Uri baseAddress, string token, string url, CancellationToken cancellationToken)
{
    using var compressed = new HttpClient(new SocketsHttpHandler { AutomaticDecompression = DecompressionMethods.None }) { BaseAddress = baseAddress };
    compressed.DefaultRequestHeaders.AcceptEncoding.ParseAdd("br, gzip");
    compressed.DefaultRequestHeaders.Authorization = new("Bearer", token);
    using var plain = new HttpClient(new SocketsHttpHandler { AutomaticDecompression = DecompressionMethods.All }) { BaseAddress = baseAddress };
    plain.DefaultRequestHeaders.Authorization = new("Bearer", token);
    var encodings = new SortedSet<string>(StringComparer.Ordinal);

    var missing = new List<string>();
    async Task<long> BytesAsync(Uri target)
    {
        using var response = await compressed.GetAsync(target, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            missing.Add($"{target.PathAndQuery} ({(int)response.StatusCode})");
            return 0;
        }
        encodings.Add(response.Content.Headers.ContentEncoding.FirstOrDefault() ?? "identity");
        return (await response.Content.ReadAsByteArrayAsync(cancellationToken)).LongLength;
    }

    var page = new Uri(baseAddress, url);
    var html = await BytesAsync(page);
    var text = await plain.GetStringAsync(page, cancellationToken);
    var assets = new HashSet<Uri>();
    var pending = new Queue<Uri>();
    // Relative asset paths resolve against <base href> (the dashboard's is "/"), not against /region/620100.
    var baseHref = Regex.Match(text, """<base\s+href\s*=\s*["']([^"']*)["']""", RegexOptions.IgnoreCase);
    var documentBase = baseHref.Success ? new Uri(page, baseHref.Groups[1].Value) : page;
    foreach (Match m in Regex.Matches(text, """(?:href|src)\s*=\s*["']([^"']+\.(?:css|js|mjs)(?:\?[^"']*)?)["']""", RegexOptions.IgnoreCase))
    {
        pending.Enqueue(new Uri(documentBase, m.Groups[1].Value));
    }
    // The boundary file each map fetches when it draws (maps/<adcode>.json?v=…, named in the map's data-map JSON).
    foreach (Match m in Regex.Matches(text, "&quot;geo&quot;:&quot;([^&]+)&quot;|\"geo\":\"([^\"]+)\""))
    {
        pending.Enqueue(new Uri(documentBase, m.Groups[1].Success ? m.Groups[1].Value : m.Groups[2].Value));
    }
    long bytes = 0;
    while (pending.TryDequeue(out var asset))
    {
        if (asset.Host != baseAddress.Host || !assets.Add(asset))
        {
            continue;
        }
        var assetBytes = await BytesAsync(asset);
        bytes += assetBytes;
        if (assetBytes > 0 && asset.AbsolutePath.EndsWith(".js", StringComparison.Ordinal) || asset.AbsolutePath.EndsWith(".mjs", StringComparison.Ordinal))
        {
            // Modules a script imports load on first visit too.
            var script = await plain.GetStringAsync(asset, cancellationToken);
            foreach (Match m in Regex.Matches(script, """(?:import\s*\(?|from)\s*["']([^"']+\.m?js)["']"""))
            {
                pending.Enqueue(new Uri(asset, m.Groups[1].Value));
            }
        }
    }
    return (html, assets.Count - missing.Count, bytes,
        string.Join(", ", encodings) + (missing.Count > 0 ? "; not found: " + string.Join(", ", missing) : ""));
}

static async Task WaitForAsync(HttpClient http, string url, CancellationToken cancellationToken)
{
    for (var attempt = 0; ; attempt++)
    {
        try
        {
            using var response = await http.GetAsync(url, cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                return;
            }
        }
        catch (HttpRequestException) when (attempt < 1800)
        {
        }
        await Task.Delay(500, cancellationToken);
    }
}

static int FreePort()
{
    using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
    listener.Start();
    return ((IPEndPoint)listener.LocalEndpoint).Port;
}

static async Task Execute(NpgsqlDataSource data, string sql)
{
    await using var command = data.CreateCommand(sql);
    await command.ExecuteNonQueryAsync();
}

static async Task<T> Scalar<T>(NpgsqlDataSource data, string sql)
{
    await using var command = data.CreateCommand(sql);
    return (T)(await command.ExecuteScalarAsync())!;
}

internal sealed record Stats(double P50, double P95, double Mean)
{
    public static Stats Of(List<double> times)
    {
        if (times.Count == 0)
        {
            return new Stats(double.NaN, double.NaN, double.NaN);
        }
        var sorted = times.Order().ToList();
        double At(double q) => sorted[Math.Max(0, (int)Math.Ceiling(q * sorted.Count) - 1)];
        return new Stats(At(0.50), At(0.95), sorted.Average());
    }
}

internal sealed record Load(int Requests, double PerSecond, Stats Latency, int Errors);

internal sealed record BenchOptions(
    string Dashboard, int Requests, int Warmup, int Seconds, int Clients, int MaxLoadRequests,
    int FirstYear, int LastYear, IReadOnlyList<string> Pages, string? Out, string? DataFolder, int Freshness)
{
    public static readonly string[] DefaultPages =
    [
        "/",
        "/funding",
        "/participation",
        "/media",
        "/compare",
        "/compare?measure=funding_enterprise&lfl=1",
        "/region/620100",
        "/region/620000",
        "/region/000000",
        "/api/v1/values?measures=funding_total,participants_total&years=2023,2024&regions=620100,140100,370800",
        "/api/v1/values?measures=participants_total&years=2024&level=county&parent=620100",
        "/api/v1/values?measures=funding_total,participants_total,media_reports&years=2016,2017,2018,2019,2020,2021,2022,2023,2024,2025&level=county",
        "/download/values.xlsx?measures=funding_total,participants_total&years=2023,2024&level=county&parent=620000",
        "/download/like-for-like.xlsx?measures=funding_enterprise&years=2024,2025&regions=620100,140100,370800",
    ];

    public static BenchOptions Parse(string[] args)
    {
        string? Value(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
        int Number(string name, int fallback) => Value(name) is { } v ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
        var pages = args.Select((a, i) => (a, i)).Where(x => x.a == "--page" && x.i + 1 < args.Length).Select(x => args[x.i + 1]).ToList();
        return new BenchOptions(
            Value("--dashboard") ?? throw new ArgumentException("--dashboard <path to the published ScienceWeek.Dashboard.dll> is required"),
            Number("--requests", 200), Number("--warmup", 20), Number("--seconds", 5), Number("--clients", 32), Number("--max-load-requests", 20_000),
            Number("--first-year", 2016), Number("--last-year", 2025),
            pages.Count > 0 ? pages : DefaultPages,
            Value("--out"),
            Value("--data") is { } data ? Path.GetFullPath(data) : null,
            Number("--freshness", 0));
    }
}
