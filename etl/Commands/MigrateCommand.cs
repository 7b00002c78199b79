using System.CommandLine;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using ScienceWeek.Warehouse;

namespace ScienceWeek.Etl.Commands;

/// <summary>
/// <c>migrate</c>: brings the warehouse schema and reference data up to date, then exits.
/// The server deployment runs it once before the worker and the dashboard start.
/// </summary>
public static class MigrateCommand
{
    public static Command Create()
    {
        var command = new Command("migrate", "Apply the warehouse migrations and reference data, then exit.");
        command.SetAction(async (_, cancellationToken) =>
        {
            var configuration = new ConfigurationBuilder().AddEnvironmentVariables().Build();
            using var logging = LoggerFactory.Create(b => b.AddSimpleConsole(o => o.SingleLine = true));
            await using var warehouse = new WarehouseDatabase(
                new WarehouseOptions { ConnectionString = configuration.GetConnectionString("Warehouse") },
                logging.CreateLogger<WarehouseDatabase>());
            await warehouse.StartAsync(cancellationToken);
            return 0;
        });
        return command;
    }
}
