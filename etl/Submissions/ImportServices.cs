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

    /// <summary>Brings the marts the dashboard reads up to date; once after a batch of loads, not per file.</summary>
    public static async Task RefreshMartsAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("select refresh_marts()");
        command.CommandTimeout = 600;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
