using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using ScienceWeek.Dashboard.Accounts;
using ScienceWeek.Dashboard.Api;
using ScienceWeek.Dashboard.Components;
using ScienceWeek.Dashboard.Components.Display;
using ScienceWeek.Dashboard.Components.Maps;
using ScienceWeek.Dashboard.Components.Pages;
using ScienceWeek.Dashboard.Downloads;
using ScienceWeek.Dashboard.Progress;
using ScienceWeek.Dashboard.Publishing;
using ScienceWeek.Dashboard.Quality;
using ScienceWeek.Dashboard.Uploads;
using ScienceWeek.Dashboard.Values;
using ScienceWeek.Etl.Submissions;
using ScienceWeek.Warehouse;

var builder = WebApplication.CreateBuilder(args);

// Uploaded .xls forms and GBK CSV files need the legacy code pages, as in the ETL.
Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
builder.AddWarehouse();
builder.AddImport();
builder.AddDashboardAccounts();
builder.Services.AddSingleton<SubmissionService>();
builder.Services.AddSingleton<ProgressQuery>();
builder.Services.AddSingleton<Deadlines>();
builder.Services.AddSingleton<Findings>();
builder.Services.AddSingleton<RegionParts>();
builder.Services.AddSingleton<SourceFiles>();
builder.Services.AddSingleton<AttachmentStore>();
builder.Services.AddSingleton<SubmissionsQuery>();
builder.Services.AddValues();
builder.Services.AddPageQueries();
builder.Services.AddPublishing();
builder.Services.AddRazorComponents();
// The pages are Chinese: write it as UTF-8 text instead of &#x...; entities (markup characters are still escaped).
builder.Services.AddWebEncoders(o => o.TextEncoderSettings = new TextEncoderSettings(UnicodeRanges.All));
// Pages are HTML with chart data inline; static assets come precompressed from MapStaticAssets.
builder.Services.AddResponseCompression(o => o.EnableForHttps = true);

var app = builder.Build();

await app.Services.StartWarehouseAsync();

app.UseExceptionHandler("/error", createScopeForErrors: true);
app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
app.UseResponseCompression();
app.UseDashboardAccounts();
app.UseAntiforgery();
app.MapStaticAssets().AllowAnonymous();
app.MapMapFiles();
app.MapHealthChecks("/healthz").AllowAnonymous();
app.MapAccounts();
app.MapValuesApi();
app.MapRegionSearch();
app.MapDownloads();
app.MapSubmissionsApi();
app.MapProgressApi();
app.MapFindingsApi();
app.MapSourceFiles();
app.MapPublishing();
app.MapRazorComponents<App>();

app.Run();

/// <summary>Entry point, visible to the web tests.</summary>
public partial class Program;
