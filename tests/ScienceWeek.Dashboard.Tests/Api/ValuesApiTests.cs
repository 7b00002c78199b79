using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ScienceWeek.Dashboard.Api;

namespace ScienceWeek.Dashboard.Tests.Api;

[Collection(KnownSubmissionsGroup.Name)]
public sealed class ValuesApiTests(KnownSubmissions warehouse)
{
    private readonly HttpClient client = warehouse.CreateSignedInClient();

    [Fact]
    public async Task A_city_with_its_own_form_gets_its_reported_numbers()
    {
        var response = await client.GetFromJsonAsync<ValuesResponse>(
            "/api/v1/values?measures=funding_total,participants_total&years=2024&regions=620100");

        Assert.Equal(
            [
                new ValueRow("620100", "兰州市", 2024, "funding_total", 594.5m, "reported"),
                new ValueRow("620100", "兰州市", 2024, "participants_total", 15000m, "reported"),
            ],
            response!.Rows);
    }

    [Fact]
    public async Task Json_uses_the_documented_field_names_and_plain_numbers()
    {
        var json = await client.GetStringAsync("/api/v1/values?measures=funding_total&years=2024&regions=620100");

        Assert.Equal(
            """{"rows":[{"region":"620100","region_name":"兰州市","year":2024,"measure":"funding_total","value":594.5,"basis":"reported"}]}""",
            json);
    }

    [Fact]
    public async Task A_city_without_its_own_form_gets_the_sum_of_its_counties_as_derived()
    {
        var response = await client.GetFromJsonAsync<ValuesResponse>(
            "/api/v1/values?measures=funding_total,participants_total&years=2023&regions=620100");

        Assert.Equal(
            [
                new ValueRow("620100", "兰州市", 2023, "funding_total", 100m + 20m + 70m + 10.5m, "derived"),
                new ValueRow("620100", "兰州市", 2023, "participants_total", 3500m + 800m + 2000m + 400m, "derived"),
            ],
            response!.Rows);
    }

    [Fact]
    public async Task Several_regions_and_years_come_back_together_with_each_basis()
    {
        var response = await client.GetFromJsonAsync<ValuesResponse>(
            "/api/v1/values?measures=funding_total&years=2023,2024&regions=620100,140100,370800");

        Assert.Equal(
            [
                ("140100", 2024, 500m, "reported"),
                ("370800", 2024, 75.5m, "derived"),
                ("620100", 2023, 200.5m, "derived"),
                ("620100", 2024, 594.5m, "reported"),
            ],
            response!.Rows.Select(r => (r.Region, r.Year, r.Value!.Value, r.Basis)).OrderBy(r => r.Region).ThenBy(r => r.Year));
    }

    [Fact]
    public async Task Level_and_parent_list_the_counties_of_a_city()
    {
        var response = await client.GetFromJsonAsync<ValuesResponse>(
            "/api/v1/values?measures=participants_total&years=2024&level=county&parent=620100");

        Assert.Equal(
            [("620102", 5000m), ("620103", 3000m)],
            response!.Rows.Select(r => (r.Region, r.Value!.Value)));
        Assert.All(response.Rows, r => Assert.Equal("reported", r.Basis));
    }

    [Fact]
    public async Task Csv_format_starts_with_a_byte_order_mark_and_has_a_header()
    {
        var response = await client.GetAsync("/api/v1/values?measures=funding_total&years=2024&regions=620100&format=csv");
        var bytes = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        Assert.Equal(
            "region,region_name,year,measure,value,basis\r\n620100,兰州市,2024,funding_total,594.5,reported\r\n",
            Encoding.UTF8.GetString(bytes[3..]));
    }

    [Fact]
    public async Task Csv_format_escapes_a_region_name_that_looks_like_a_formula()
    {
        var csv = await client.GetStringAsync($"/api/v1/values?measures=funding_total&years=2022&regions={KnownSubmissions.FormulaRegionCode}&format=csv");

        var line = csv.Split("\r\n")[1];
        Assert.Equal($"{KnownSubmissions.FormulaRegionCode},\"'=HYPERLINK(\"\"http://example.invalid\"\",\"\"点击\"\")\",2022,funding_total,3,reported", line);
    }

    [Fact]
    public async Task Unknown_measures_are_a_400_naming_them_in_english_and_chinese()
    {
        var response = await client.GetAsync("/api/v1/values?measures=funding_total,funding_bogus,visitors&years=2024&regions=620100");
        var problem = await ProblemAsync(response);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal(["funding_bogus", "visitors"], problem.GetProperty("unknown_measures").EnumerateArray().Select(e => e.GetString()));
        Assert.Contains("Unknown measure codes: funding_bogus, visitors", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("未知的指标代码：funding_bogus、visitors", problem.GetProperty("detail_zh").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_regions_are_a_400_naming_them()
    {
        var response = await client.GetAsync("/api/v1/values?measures=funding_total&years=2024&regions=620100,999999");
        var problem = await ProblemAsync(response);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(["999999"], problem.GetProperty("unknown_regions").EnumerateArray().Select(e => e.GetString()));
        Assert.Contains("未知的地区代码：999999", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_parent_is_a_400_naming_it()
    {
        var response = await client.GetAsync("/api/v1/values?measures=funding_total&level=county&parent=629900");
        var problem = await ProblemAsync(response);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(["629900"], problem.GetProperty("unknown_regions").EnumerateArray().Select(e => e.GetString()));
    }

    [Theory]
    [InlineData("/api/v1/values?years=2024&regions=620100", "Missing measures")]
    [InlineData("/api/v1/values?measures=funding_total&years=2024,twenty&regions=620100", "Invalid years: twenty")]
    [InlineData("/api/v1/values?measures=funding_total&years=1999&regions=620100", "Invalid years: 1999")]
    [InlineData("/api/v1/values?measures=funding_total&years=2024", "Missing regions")]
    [InlineData("/api/v1/values?measures=funding_total&level=village&parent=620100", "Unknown level 'village'")]
    [InlineData("/api/v1/values?measures=funding_total&regions=620100&format=xml", "Unknown format 'xml'")]
    public async Task A_malformed_query_is_a_400_that_says_what_is_wrong(string url, string expected)
    {
        var response = await client.GetAsync(url);
        var problem = await ProblemAsync(response);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(expected, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
}
