using System.Globalization;
using System.Net.Http.Json;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using ScienceWeek.Dashboard.Api;
using ScienceWeek.Dashboard.Tests.Pages;

namespace ScienceWeek.Dashboard.Tests.Api;

/// <summary>
/// The API and the downloads over forms loaded by the real ETL importer from office-made files (see
/// <see cref="PageWarehouse"/>: 兰州市 reports itself, 太原市 is derived, 济宁市 reports in 2024 and is derived in 2023).
/// </summary>
[Collection(PageWarehouseGroup.Name)]
public sealed class ImportedFormsValuesTests(PageWarehouse warehouse)
{
    private readonly HttpClient client = warehouse.CreateSignedInClient();

    [Fact]
    public async Task A_city_that_sent_its_own_form_gets_the_numbers_of_that_form()
    {
        var response = await client.GetFromJsonAsync<ValuesResponse>(
            "/api/v1/values?measures=funding_total,participants_total&years=2024&regions=620100");

        Assert.Equal(
            [
                new ValueRow("620100", "兰州市", 2024, "funding_total", 594.5m, "reported"),
                new ValueRow("620100", "兰州市", 2024, "participants_total", 600000m, "reported"),
            ],
            response!.Rows);
    }

    [Fact]
    public async Task Cities_without_their_own_form_are_derived_from_their_districts()
    {
        var response = await client.GetFromJsonAsync<ValuesResponse>(
            "/api/v1/values?measures=funding_enterprise&years=2023,2024&regions=620100,140100,370800");

        Assert.Equal(
            [
                ("140100", 2023, 150m, "derived"),
                ("140100", 2024, 250m, "derived"),
                ("370800", 2023, 70m, "derived"),
                ("370800", 2024, 90m, "reported"),
                ("620100", 2024, 120.5m, "reported"),
            ],
            response!.Rows.Where(r => r.Region != "620100" || r.Year == 2024)
                .Select(r => (r.Region, r.Year, r.Value!.Value, r.Basis)));
    }

    [Fact]
    public async Task Level_and_parent_list_the_districts_that_reported()
    {
        var response = await client.GetFromJsonAsync<ValuesResponse>(
            "/api/v1/values?measures=participants_total&years=2024&level=county&parent=620100");

        Assert.Equal(["620102", "620103", "620104"], response!.Rows.Select(r => r.Region));
        Assert.All(response.Rows, r => Assert.Equal("reported", r.Basis));
    }

    [Fact]
    public async Task The_xlsx_download_carries_the_imported_number_and_its_source_file_and_cell()
    {
        var response = await client.GetAsync("/download/values.xlsx?measures=funding_total,funding_enterprise&years=2024&regions=620100");
        using var stream = new MemoryStream(await response.Content.ReadAsByteArrayAsync());
        using var document = SpreadsheetDocument.Open(stream, isEditable: false);
        var part = document.WorkbookPart!.WorksheetParts.Single();
        var rows = part.Worksheet.Descendants<Row>().Skip(1).Select(r => r.Elements<Cell>().ToList()).ToList();

        Assert.Equal(
            [594.5d, 120.5d],
            rows.Select(r => double.Parse(r[5].CellValue!.Text, CultureInfo.InvariantCulture)));
        Assert.All(rows, r => Assert.Equal(CellValues.Number, r[5].DataType!.Value));
        Assert.StartsWith(PageWarehouse.LanzhouFile2024 + " ", rows[1][7].InlineString!.InnerText, StringComparison.Ordinal);
        Assert.Contains("!", rows[1][7].InlineString!.InnerText, StringComparison.Ordinal);
    }
}
