using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using ScienceWeek.Etl.Forms;
using ScienceWeek.Warehouse;

namespace ScienceWeek.Etl.Submissions;

public static class ImportServices
{
    /// <summary>Registers the importer and the inbox (needs <c>AddWarehouse()</c>); options from the <c>Inbox</c> section.</summary>
    public static IHostApplicationBuilder AddImport(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<InboxOptions>()
            .BindConfiguration(InboxOptions.Section)
            .Validate(o => o.IsValid(), InboxOptions.Rules)
            .ValidateOnStart();
        builder.Services.AddSingleton(sp => new ImportFolders(sp.GetRequiredService<WarehouseOptions>().DataFolder));
        builder.Services.AddSingleton(sp => CreateReader(TimeSpan.FromSeconds(sp.GetRequiredService<IOptions<InboxOptions>>().Value.ReadTimeoutSeconds)));
        builder.Services.AddSingleton(sp => new Importer(
            sp.GetRequiredService<NpgsqlDataSource>(), sp.GetRequiredService<ImportFolders>(), sp.GetRequiredService<FormReading>()));
        builder.Services.AddSingleton(sp =>
        {
            var folders = sp.GetRequiredService<ImportFolders>();
            var options = sp.GetRequiredService<IOptions<InboxOptions>>().Value;
            return new Inbox(folders, string.IsNullOrWhiteSpace(options.Folder) ? folders.Inbox : options.Folder,
                sp.GetRequiredService<Importer>(), sp.GetRequiredService<NpgsqlDataSource>(), options, sp.GetRequiredService<ILogger<Inbox>>());
        });
        return builder;
    }

    /// <summary>The form reader over the reference data shipped next to the program; <paramref name="readTimeout"/> is the one time limit on reading a file.</summary>
    public static FormReading CreateReader(TimeSpan? readTimeout = null) => FormReader.Create(readTimeout).Read;

    /// <summary>Rebuilds every mart (<c>refresh_marts()</c>); for reference-data changes, not after loads.</summary>
    public static async Task RefreshMartsAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        // The checks against other forms read the refreshed marts (children_exceed_parent) and the latest years and peers.
        await using var command = dataSource.CreateCommand("select refresh_marts(); select refresh_findings();");
        command.CommandTimeout = 600;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// Brings the marts up to date after loads: for each year, the regions of the units whose statistics forms loaded and
    /// their ancestors (<c>refresh_region_values</c>), nothing else; then the checks against other forms of the forms a
    /// load can change (<c>refresh_findings(year, unit codes)</c>). Once after a batch of loads, not per file.
    /// </summary>
    public static async Task RefreshLoadedAsync(NpgsqlDataSource dataSource, IEnumerable<ImportResult> results, CancellationToken cancellationToken)
    {
        var loaded = results
            .Where(r => r.Load is LoadOutcome.Loaded or LoadOutcome.Superseded && r.Read.Form == FormKind.Statistics && r.Read.Year is not null && r.Read.Unit is not null)
            .GroupBy(r => r.Read.Year!.Value)
            .ToList();
        foreach (var year in loaded)
        {
            await using var command = dataSource.CreateCommand("""
                select refresh_region_values($1, array(
                    select r.region_code from dim_reporting_unit u join dim_region r using (region_key) where u.unit_code = any($2)))
                """);
            command.CommandTimeout = 600;
            command.Parameters.Add(new() { Value = year.Key });
            command.Parameters.Add(new() { Value = UnitCodes(year) });
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        // After the marts' commit, so the numbers are visible first: the checks that read the marts (the sums of parts)
        // see the new figures of the loaded units' ancestors.
        foreach (var year in loaded)
        {
            await using var findings = dataSource.CreateCommand("select refresh_findings($1, $2)");
            findings.CommandTimeout = 600;
            findings.Parameters.Add(new() { Value = year.Key });
            findings.Parameters.Add(new() { Value = UnitCodes(year) });
            await findings.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private static string[] UnitCodes(IEnumerable<ImportResult> results) => [.. results.Select(r => r.Read.Unit!.Code).Distinct()];
}
