using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ScienceWeek.Warehouse;

public static class WarehouseServices
{
    /// <summary>
    /// Registers the warehouse for a host: <see cref="WarehouseDatabase"/> (start it with
    /// <see cref="StartWarehouseAsync"/> before the host runs), the NpgsqlDataSource and the DbContext.
    /// </summary>
    public static IHostApplicationBuilder AddWarehouse(this IHostApplicationBuilder builder)
    {
        var options = new WarehouseOptions
        {
            ConnectionString = builder.Configuration.GetConnectionString("Warehouse"),
            DataFolder = builder.Configuration["SCIENCEWEEK_DATA"] is { Length: > 0 } folder ? Path.GetFullPath(folder) : DataFolders.Default(),
        };
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton<WarehouseDatabase>();
        builder.Services.AddSingleton(sp => sp.GetRequiredService<WarehouseDatabase>().DataSource);
        builder.Services.AddDbContext<WarehouseDbContext>((sp, db) => db.UseNpgsql(sp.GetRequiredService<WarehouseDatabase>().DataSource));
        builder.Services.AddHealthChecks().AddCheck<WarehouseHealthCheck>("warehouse");
        return builder;
    }

    public static Task StartWarehouseAsync(this IServiceProvider services, CancellationToken cancellationToken = default) =>
        services.GetRequiredService<WarehouseDatabase>().StartAsync(cancellationToken);
}
