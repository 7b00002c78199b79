using ScienceWeek.Dashboard.Components;
using ScienceWeek.Dashboard.Data;
using ScienceWeek.Warehouse;

var builder = WebApplication.CreateBuilder(args);

builder.AddWarehouse();
builder.Services.AddDashboardData();
builder.Services.AddRazorComponents();

var app = builder.Build();

await app.Services.StartWarehouseAsync();

app.UseExceptionHandler("/error", createScopeForErrors: true);
app.UseAntiforgery();
app.MapStaticAssets();
app.MapHealthChecks("/healthz");
app.MapRazorComponents<App>();

app.Run();

/// <summary>Entry point, visible to the web tests.</summary>
public partial class Program;
