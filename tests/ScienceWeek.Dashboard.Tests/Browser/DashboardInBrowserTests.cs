using System.Text.Json;
using Microsoft.Playwright;

namespace ScienceWeek.Dashboard.Tests.Browser;

[Collection(BrowserSiteGroup.Name)]
public sealed class DashboardInBrowserTests(BrowserSite site)
{
    [Theory]
    [InlineData("/", "overview")]
    [InlineData("/funding?year=2024&vs=2023", "funding")]
    [InlineData("/participation?year=2024", "participation")]
    [InlineData("/media?year=2024", "media")]
    [InlineData("/compare?year=2024&vs=2023&from=2022&regions=620100,140100,370800,620103&measure=funding_enterprise&lfl=1", "compare")]
    [InlineData("/region/620100?year=2024", "region-620100")]
    public async Task Every_page_draws_its_charts_on_canvas_without_console_errors(string path, string name)
    {
        var (page, errors) = await site.OpenAsync(path);

        var charts = await page.Locator("[data-echart]").CountAsync();
        var canvases = await page.Locator("[data-echart] canvas").CountAsync();
        await BrowserSite.ScreenshotAsync(page, name);

        Assert.True(charts > 0, $"{path} has no chart");
        Assert.True(canvases >= charts, $"{path}: {charts} charts but {canvases} canvases");
        Assert.Empty(errors);
        await page.CloseAsync();
    }

    [Fact]
    public async Task The_ranking_chart_holds_the_warehouse_numbers()
    {
        var (page, errors) = await site.OpenAsync("/?year=2024&regions=620100,140100,370800&measure=funding_enterprise");

        var series = await SeriesAsync(page, "企业赞助经费：2024年地区排名");

        Assert.Equal([250m, 120.5m, 90m], series[0]);
        Assert.Equal(["太原市", "兰州市", "济宁市"], await CategoriesAsync(page, "企业赞助经费：2024年地区排名", "yAxis"));
        Assert.Empty(errors);
        await page.CloseAsync();
    }

    [Fact]
    public async Task The_ranking_table_gives_the_year_before_and_the_change_beside_the_year_the_chart_draws()
    {
        var (page, errors) = await site.OpenAsync("/?year=2024&vs=2023&regions=620100,140100,370800&measure=funding_enterprise");

        var series = await SeriesAsync(page, "企业赞助经费：2024年地区排名");
        var taiyuan = await page.Locator("section[data-chart='企业赞助经费：2024年地区排名'] tr", new() { HasText = "太原市" }).InnerTextAsync();

        Assert.Single(series);
        Assert.Equal([250m, 120.5m, 90m], series[0]);
        Assert.Contains("150", taiyuan);
        Assert.Contains("+100", taiyuan);
        Assert.Contains("+66.7%", taiyuan);
        Assert.Empty(errors);
        await page.CloseAsync();
    }

    [Fact]
    public async Task Changing_the_year_slicer_gives_a_bookmarkable_url_and_redraws_with_that_years_numbers()
    {
        var (page, errors) = await site.OpenAsync("/funding?year=2024&vs=2023&regions=620100,140100,370800");

        await page.Locator("form.slicers select[name=year]").SelectOptionAsync("2023");
        await page.Locator("form.slicers select[name=vs]").SelectOptionAsync("2024");
        await BrowserSite.ClickAndWaitForUrlAsync(page, page.Locator("form.slicers button[type=submit]"), "year=2023");
        await BrowserSite.WaitForChartsAsync(page);
        var series = await SeriesAsync(page, "企业赞助经费：2023年与2024年");
        await BrowserSite.ScreenshotAsync(page, "funding-2023");

        Assert.Contains("vs=2024", page.Url);
        Assert.Equal([120.5m, 250m, 90m], series[0]);
        Assert.Equal([80m, 150m, 70m], series[1]);
        Assert.Empty(errors);
        await page.CloseAsync();
    }

    [Fact]
    public async Task A_district_link_drills_down_and_the_breadcrumb_leads_back_up()
    {
        var (page, errors) = await site.OpenAsync("/region/620100?year=2024");

        await BrowserSite.ClickAndWaitForUrlAsync(page, page.Locator("table.sub-units a", new() { HasText = "七里河区" }), "/region/620103");
        await BrowserSite.WaitForChartsAsync(page);
        var heading = await page.Locator("h1").InnerTextAsync();
        await BrowserSite.ScreenshotAsync(page, "region-620103");
        await BrowserSite.ClickAndWaitForUrlAsync(page, page.Locator("a.chip", new() { HasText = "返回兰州市" }), "/region/620100");

        Assert.StartsWith("七里河区", heading);
        Assert.StartsWith("兰州市", await page.Locator("h1").InnerTextAsync());
        Assert.Empty(errors);
        await page.CloseAsync();
    }

    [Fact]
    public async Task The_like_for_like_csv_link_downloads_the_numbers_the_chart_draws()
    {
        const string title = "同口径对比：企业赞助经费，2023年与2024年";
        var (page, errors) = await site.OpenAsync("/compare?year=2024&vs=2023&regions=620100,140100,370800&measure=funding_enterprise&lfl=1");
        var drawn = await SeriesAsync(page, title);

        var download = await page.RunAndWaitForDownloadAsync(() =>
            page.Locator($"[data-chart=\"{title}\"] nav.downloads a", new() { HasText = "CSV" }).ClickAsync());
        var lines = (await File.ReadAllTextAsync(await download.PathAsync(), System.Text.Encoding.UTF8)).Split("\r\n");
        var rows = lines.Skip(1).Where(l => l.Length > 0).Select(l => l.Split(',')).ToList();
        static decimal? Number(string cell) => cell.Length == 0 ? null : decimal.Parse(cell, System.Globalization.CultureInfo.InvariantCulture);

        Assert.Equal("同口径对比：企业赞助经费，2023年与2024年_2023-2024.csv", download.SuggestedFilename);
        Assert.Equal(["620100", "140100", "370800"], rows.Select(r => r[0]));
        Assert.Equal([80m, 150m, null], drawn[0]);
        Assert.Equal(drawn[0], rows.Select(r => Number(r[4])));
        Assert.Equal(drawn[1], rows.Select(r => Number(r[5])));
        Assert.Empty(errors);
        await page.CloseAsync();
    }

    [Fact]
    public async Task Hovering_a_reported_value_shows_its_file_sheet_and_received_time()
    {
        // The first value of a district's row is its activities count, from the cell the reader found it in.
        var (page, errors) = await site.OpenAsync("/region/620100?year=2024");

        var cell = page.Locator("table.sub-units tr[data-region='620103'] td .cell").First;
        await cell.HoverAsync();
        var tip = cell.Locator(".tip");

        Assert.True(await tip.IsVisibleAsync());
        var text = await tip.InnerTextAsync();
        Assert.Contains("文件：七里河区2024年科技活动周统计表.xlsx", text);
        Assert.Contains($"工作表：{site.QiliheActivitiesSource.Sheet}", text);
        Assert.Contains($"单元格：{site.QiliheActivitiesSource.Cell}", text);
        Assert.Contains("接收：2024年6月10日 09:00", text);
        Assert.Empty(errors);
        await page.CloseAsync();
    }

    [Fact]
    public async Task The_overview_prints_on_a4_pages()
    {
        var (page, errors) = await site.OpenAsync("/");

        await page.EmulateMediaAsync(new() { Media = Media.Print });
        var pdf = await page.PdfAsync(new() { Format = "A4", PrintBackground = true, Path = Path.Combine(BrowserSite.Screenshots, "overview-print.pdf") });
        var slicersShown = await page.Locator("form.slicers").IsVisibleAsync();
        await page.SetViewportSizeAsync(794, 1123);
        await BrowserSite.ScreenshotAsync(page, "overview-print");

        Assert.True(pdf.Length > 10_000);
        Assert.False(slicersShown);
        Assert.Empty(errors);
        await page.CloseAsync();
    }

    [Fact]
    public async Task The_first_load_is_under_one_megabyte_compressed_with_echarts_fingerprinted_and_loaded_once()
    {
        var page = await site.NewPageAsync();
        var responses = new List<IResponse>();
        page.Response += (_, response) => responses.Add(response);
        await page.GotoAsync(site.BaseUrl + "/");
        await BrowserSite.WaitForChartsAsync(page);

        // A published build serves static assets precompressed (gzip at its best level, or brotli) and pages through
        // response compression; the test host compresses on the fly at the fastest level, so the weight is each
        // resource the browser took, gzipped at the smallest size.
        long bytes = 0;
        var weights = new List<string>();
        foreach (var response in responses)
        {
            var body = await response.BodyAsync();
            using var compressed = new MemoryStream();
            await using (var gzip = new System.IO.Compression.GZipStream(compressed, System.IO.Compression.CompressionLevel.SmallestSize, leaveOpen: true))
            {
                await gzip.WriteAsync(body);
            }
            bytes += compressed.Length;
            weights.Add($"{response.Url} {compressed.Length:N0}");
        }
        var echarts = responses.Where(r => r.Url.Contains("/lib/echarts", StringComparison.Ordinal)).ToList();
        var pageEncoding = await responses[0].HeaderValueAsync("content-encoding");
        var echartsEncoding = await echarts[0].HeaderValueAsync("content-encoding");
        await page.CloseAsync();

        Assert.True(bytes < 1_000_000, $"first load weighs {bytes:N0} bytes compressed: {string.Join("; ", weights)}");
        Assert.Single(echarts);
        Assert.Matches(@"/lib/echarts\.min\.[a-z0-9]+\.js$", echarts[0].Url);
        Assert.Contains(echartsEncoding, new[] { "br", "gzip" });
        Assert.Contains(pageEncoding, new[] { "br", "gzip" });
    }

    [Theory]
    [InlineData("/?year=2024&vs=2023&prev=1&lfl=1&per=capita", "overview-compared")]
    [InlineData("/funding?year=2024&vs=2023&prev=1&lfl=1&per=capita", "funding-compared")]
    [InlineData("/participation?year=2024&vs=2023&prev=1&lfl=1&per=capita", "participation-compared")]
    [InlineData("/media?year=2024&vs=2023&prev=1&lfl=1&per=capita", "media-compared")]
    [InlineData("/region/620100?year=2024&prev=1&lfl=1&per=capita", "region-620100-compared")]
    [InlineData("/region/140100?year=2024&prev=1&lfl=1&per=capita", "region-140100-compared")]
    [InlineData("/compare?year=2024&vs=2023&regions=620100,140100,370800&prev=1&lfl=1&per=capita", "compare-compared")]
    public async Task Every_page_draws_its_charts_with_every_comparison_switched_on_without_console_errors(string path, string name)
    {
        var (page, errors) = await site.OpenAsync(path);

        var charts = await page.Locator("[data-echart]").CountAsync();
        var canvases = await page.Locator("[data-echart] canvas").CountAsync();
        var checkedSwitches = await page.Locator("form.slicers input[type=checkbox]:checked").CountAsync();
        await BrowserSite.ScreenshotAsync(page, name);

        Assert.True(charts > 0, $"{path} has no chart");
        Assert.True(canvases >= charts, $"{path}: {charts} charts but {canvases} canvases");
        Assert.True(checkedSwitches >= 2, $"{path}: {checkedSwitches} switches ticked");
        Assert.Empty(errors);
        await page.CloseAsync();
    }

    [Fact]
    public async Task Ticking_the_year_before_draws_the_comparison_year_beside_the_year_as_the_values_api_gives_it()
    {
        var (page, errors) = await site.OpenAsync("/funding?year=2024&vs=2023&regions=620100,140100,370800");

        await page.Locator("form.slicers input[name=prev]").CheckAsync();
        await BrowserSite.ClickAndWaitForUrlAsync(page, page.Locator("form.slicers button[type=submit]"), "prev=1");
        await BrowserSite.WaitForChartsAsync(page);
        var names = await page.EvaluateAsync<string[]>(
            """
            () => echarts.getInstanceByDom(document.querySelector('[data-chart="2024年经费来源构成"] [data-echart]')).getOption().series.map(s => s.name)
            """);
        var series = await SeriesAsync(page, "2024年经费来源构成");
        var api = JsonSerializer.Deserialize<JsonElement>(await page.EvaluateAsync<string>(
            "() => fetch('/api/v1/values?measures=funding_enterprise&years=2023&regions=620100,140100,370800').then(r => r.text())"));
        var expected = new[] { "620100", "140100", "370800" }
            .Select(code => api.GetProperty("rows").EnumerateArray().Single(r => r.GetProperty("region").GetString() == code).GetProperty("value").GetDecimal())
            .Select(v => (decimal?)v).ToArray();
        await BrowserSite.ScreenshotAsync(page, "funding-year-before");

        Assert.Contains("企业赞助·2024年", names);
        Assert.Equal(expected, series[Array.IndexOf(names, "企业赞助·2023年")]);
        Assert.Empty(errors);
        await page.CloseAsync();
    }

    private static async Task<List<decimal?[]>> SeriesAsync(IPage page, string chartTitle)
    {
        var json = await page.EvaluateAsync<string>(
            """
            title => {
              const el = document.querySelector(`[data-chart="${title}"] [data-echart]`);
              const option = echarts.getInstanceByDom(el).getOption();
              return JSON.stringify(option.series.map(s => s.data.map(d => d !== null && typeof d === 'object' ? d.value : d)));
            }
            """, chartTitle);
        return JsonSerializer.Deserialize<List<decimal?[]>>(json)!;
    }

    private static async Task<string[]> CategoriesAsync(IPage page, string chartTitle, string axis)
    {
        var json = await page.EvaluateAsync<string>(
            """
            ([title, axis]) => {
              const el = document.querySelector(`[data-chart="${title}"] [data-echart]`);
              return JSON.stringify(echarts.getInstanceByDom(el).getOption()[axis][0].data);
            }
            """, new object[] { chartTitle, axis });
        return JsonSerializer.Deserialize<string[]>(json)!;
    }
}
