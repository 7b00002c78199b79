using System.Net;
using System.Text.Json;
using ScienceWeek.Accounts;
using ScienceWeek.Dashboard.Tests.Accounts;
using ScienceWeek.Dashboard.Quality;
using ScienceWeek.Dashboard.Tests.Pages;

namespace ScienceWeek.Dashboard.Tests.Quality;

/// <summary>
/// Paging the findings API on Kestrel over a fresh warehouse: Taiyuan's 小店区 and 迎泽区 upload their 2023 forms and 小店区
/// its 2024 form written in 元 (a real unit_slip finding); each 2023 form then carries one finding per rule and each of
/// 20 measures (<see cref="ListedFindings"/>), 240 in 2023, so the city's list runs over several pages.
/// </summary>
public sealed class FindingsPagingTests(FindingsPagingTests.ListedSite listed) : IClassFixture<FindingsPagingTests.ListedSite>
{
    public sealed class ListedSite : IAsyncLifetime
    {
        public KestrelSite Site { get; } = new();
        public TestAccount Clerk { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            await Site.InitializeAsync();
            Clerk = await Site.AddAsync("taiyuan-paging-clerk", AccountRole.Uploader, "140100");
            using var clerk = Site.As(Clerk);
            await FormUpload.PostAsync(clerk, Path.Combine(PageWarehouse.FormsFolder, "小店区2023年科技活动周统计表.xlsx"));
            await FormUpload.PostAsync(clerk, Path.Combine(PageWarehouse.FormsFolder, "迎泽区2023年科技活动周统计表.xlsx"));
            await FormUpload.PostAsync(clerk, Path.Combine(FindingsApiTests.Forms, FindingsApiTests.XiaodianSlip));
            await ListedFindings.AddAsync(Site.Database, "140105", 2023, 20);
            await ListedFindings.AddAsync(Site.Database, "140106", 2023, 20);
        }

        public Task DisposeAsync() => Site.DisposeAsync();
    }

    private KestrelSite Site => listed.Site;

    /// <summary>The city's findings counted straight from the tables: the forms of the units below Taiyuan (140100).</summary>
    private async Task<int> CountAsync(int? year, string? rule = null, string? state = null) => (int)await Site.Database.ScalarAsync<long>("""
        select count(*) from data_finding d join dim_submission s using (submission_key) join dim_reporting_unit u using (reporting_unit_key)
        join region_closure c on c.descendant_key = u.region_key join dim_region p on p.region_key = c.ancestor_key
        where p.region_code = '140100' and (s.year = $1 or $1 = 0) and (d.rule = $2 or $2 = '')
          and ($3 = '' or $3 = case when d.state = 'confirmed' then 'confirmed' when not s.is_current then 'fixed' else 'open' end)
        """, year ?? 0, rule ?? "", state ?? "");

    [Fact]
    public async Task Following_next_from_the_first_page_gives_disjoint_pages_in_the_list_order_that_together_are_the_whole_list()
    {
        using var clerk = Site.As(listed.Clerk);
        var expected = await CountAsync(null);

        var pages = new List<JsonElement>();
        for (var url = "/api/v1/findings?parent=140100&limit=70"; url is not null && pages.Count < 20;)
        {
            var page = await GetAsync(clerk, url);
            pages.Add(page);
            url = page.GetProperty("next").GetString();
        }
        var rows = pages.SelectMany(p => p.GetProperty("rows").EnumerateArray()).ToList();
        var ids = rows.Select(r => r.GetProperty("id").GetInt64()).ToList();
        var keys = rows.Select(r => (Year: -r.GetProperty("year").GetInt32(), Code: r.GetProperty("code").GetString()!, Rule: r.GetProperty("rule").GetString()!,
            Measure: r.GetProperty("measure").GetString()!, Id: r.GetProperty("id").GetInt64())).ToList();
        var all = await GetAsync(clerk, $"/api/v1/findings?parent=140100&limit=1000");
        var last = pages[^1];

        Assert.True(expected > 240, $"the city has {expected} findings");
        Assert.Equal(4, pages.Count);
        Assert.All(pages, p => Assert.Equal(expected, p.GetProperty("total").GetInt32()));
        Assert.All(pages[..^1], p => Assert.Equal(70, p.GetProperty("rows").GetArrayLength()));
        Assert.Equal([0, 70, 140, 210], pages.Select(p => p.GetProperty("offset").GetInt32()));
        Assert.Equal(expected, ids.Count);
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.Equal(all.GetProperty("rows").EnumerateArray().Select(r => r.GetProperty("id").GetInt64()), ids);
        Assert.Equal(keys.Order(), keys);
        Assert.Equal(JsonValueKind.Null, last.GetProperty("next").ValueKind);
        Assert.Equal("/api/v1/findings?parent=140100&limit=70&offset=140", last.GetProperty("previous").GetString());
        Assert.Equal(2024, rows[0].GetProperty("year").GetInt32());
    }

    [Fact]
    public async Task Without_paging_values_a_page_has_100_rows_and_the_next_link_keeps_the_year_rule_and_state()
    {
        using var clerk = Site.As(listed.Clerk);

        var first = await GetAsync(clerk, "/api/v1/findings?parent=140100&year=2023");
        var open = await GetAsync(clerk, "/api/v1/findings?parent=140100&year=2023&rule=ratio_outlier&state=open&limit=30");
        var second = await GetAsync(clerk, open.GetProperty("next").GetString()!);

        Assert.Equal(100, first.GetProperty("rows").GetArrayLength());
        Assert.Equal(100, first.GetProperty("limit").GetInt32());
        Assert.Equal(0, first.GetProperty("offset").GetInt32());
        Assert.Equal(await CountAsync(2023), first.GetProperty("total").GetInt32());
        Assert.Equal("/api/v1/findings?parent=140100&year=2023&limit=100&offset=100", first.GetProperty("next").GetString());
        Assert.Equal(JsonValueKind.Null, first.GetProperty("previous").ValueKind);
        Assert.Equal(await CountAsync(2023, "ratio_outlier", "open"), open.GetProperty("total").GetInt32());
        Assert.True(open.GetProperty("total").GetInt32() is > 30 and <= 60, $"ratio_outlier, open: {open.GetProperty("total")}");
        Assert.Equal("/api/v1/findings?parent=140100&year=2023&rule=ratio_outlier&state=open&limit=30&offset=30", open.GetProperty("next").GetString());
        Assert.Equal(open.GetProperty("total").GetInt32() - 30, second.GetProperty("rows").GetArrayLength());
        Assert.All(second.GetProperty("rows").EnumerateArray(), r =>
        {
            Assert.Equal("ratio_outlier", r.GetProperty("rule").GetString());
            Assert.Equal("open", r.GetProperty("state").GetString());
            Assert.Equal(2023, r.GetProperty("year").GetInt32());
        });
    }

    [Fact]
    public async Task The_counts_per_rule_ignore_the_rule_filter_the_counts_per_state_ignore_the_state_filter_and_the_total_follows_both()
    {
        using var clerk = Site.As(listed.Clerk);
        var id = (await GetAsync(clerk, "/api/v1/findings?parent=140105&year=2023&rule=yoy_jump&limit=1")).GetProperty("rows")[0].GetProperty("id").GetInt64();
        await Site.Database.ExecuteAsync("update data_finding set state = 'confirmed', reason = '已核实', confirmed_by = 'test', confirmed_at = now() where finding_key = $1", id);

        var page = await GetAsync(clerk, "/api/v1/findings?parent=140100&year=2023&rule=yoy_jump&state=open&limit=5");
        var openPerRule = new Dictionary<string, int>();
        foreach (var r in Findings.Rules)
        {
            openPerRule[r] = await CountAsync(2023, r, "open");
        }
        var yoyPerState = new Dictionary<string, int>();
        foreach (var s in Findings.States)
        {
            yoyPerState[s] = await CountAsync(2023, "yoy_jump", s);
        }
        var byRule = page.GetProperty("counts").GetProperty("rule");
        var byState = page.GetProperty("counts").GetProperty("state");

        Assert.Equal(await CountAsync(2023, "yoy_jump", "open"), page.GetProperty("total").GetInt32());
        Assert.Equal(await CountAsync(2023, "yoy_jump") - 1, page.GetProperty("total").GetInt32());
        Assert.Equal(openPerRule, byRule.EnumerateObject().ToDictionary(c => c.Name, c => c.Value.GetInt32()));
        Assert.Equal(yoyPerState, byState.EnumerateObject().ToDictionary(c => c.Name, c => c.Value.GetInt32()));
        Assert.Equal(1, byState.GetProperty("confirmed").GetInt32());
        Assert.Equal(5, page.GetProperty("rows").GetArrayLength());
    }

    [Theory]
    [InlineData("limit=0")]
    [InlineData("limit=1001")]
    [InlineData("limit=-5")]
    [InlineData("limit=ten")]
    [InlineData("limit=10&limit=20")]
    [InlineData("offset=-1")]
    [InlineData("offset=1e3")]
    [InlineData("offset=99999999999")]
    [InlineData("offset=%2B5")]
    public async Task A_hostile_limit_or_offset_is_refused_with_a_reason_in_chinese(string paging)
    {
        using var clerk = Site.As(listed.Clerk);

        using var response = await clerk.GetAsync($"/api/v1/findings?parent=140100&{paging}");
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("分页参数", body.RootElement.GetProperty("detail_zh").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_offset_past_the_end_answers_no_rows_with_the_total_and_a_link_back()
    {
        using var clerk = Site.As(listed.Clerk);
        var total = await CountAsync(2023);

        var page = await GetAsync(clerk, "/api/v1/findings?parent=140100&year=2023&offset=2147483647&limit=1000");

        Assert.Equal(0, page.GetProperty("rows").GetArrayLength());
        Assert.Equal(total, page.GetProperty("total").GetInt32());
        Assert.Equal(JsonValueKind.Null, page.GetProperty("next").ValueKind);
        Assert.Equal("/api/v1/findings?parent=140100&year=2023&limit=1000", page.GetProperty("previous").GetString());
    }

    [Fact]
    public async Task The_csv_download_is_the_whole_filtered_list_unpaged_in_the_list_order()
    {
        using var clerk = Site.As(listed.Clerk);
        var listedIds = (await GetAsync(clerk, "/api/v1/findings?parent=140100&year=2023&limit=1000")).GetProperty("rows").EnumerateArray()
            .Select(r => r.GetProperty("id").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();

        using var response = await clerk.GetAsync("/api/v1/findings?parent=140100&year=2023&format=csv&limit=5");
        var lines = (await response.Content.ReadAsStringAsync()).TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        Assert.Equal("id,code,name,year,rule,measure,cell,message,state,reason", lines[0]);
        Assert.Equal(await CountAsync(2023), lines.Length - 1);
        Assert.Equal(listedIds, lines.Skip(1).Select(l => l.Split(',')[0]));
        Assert.Contains(lines, l => l.Contains(",小店区,2023,", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_Lanzhou_viewer_sees_an_empty_list_of_their_own_region_and_no_page_or_download_of_Taiyuan()
    {
        using var lanzhou = Site.As(await Site.AddAsync("paging-lanzhou-viewer", AccountRole.Viewer, "620100"));

        var own = await GetAsync(lanzhou, "/api/v1/findings?year=2023&offset=0&limit=1000");
        using var taiyuanPage = await lanzhou.GetAsync("/api/v1/findings?parent=140100&offset=100");
        using var taiyuanCsv = await lanzhou.GetAsync("/api/v1/findings?parent=140100&format=csv");
        using var nation = await lanzhou.GetAsync("/api/v1/findings?parent=000000&limit=1000");

        Assert.Equal(0, own.GetProperty("total").GetInt32());
        Assert.Equal(0, own.GetProperty("rows").GetArrayLength());
        Assert.All(own.GetProperty("counts").GetProperty("rule").EnumerateObject(), c => Assert.Equal(0, c.Value.GetInt32()));
        Assert.Equal(HttpStatusCode.Forbidden, taiyuanPage.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, taiyuanCsv.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, nation.StatusCode);
    }

    private static async Task<JsonElement> GetAsync(HttpClient client, string url)
    {
        using var response = await client.GetAsync(url);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }
}
