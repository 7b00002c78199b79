using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace ScienceWeek.Accounts;

public static class AccountsServices
{
    /// <summary>The account store on the warehouse's connection, with the password and lockout rules of the whole system.</summary>
    public static IdentityBuilder AddAccounts(this IServiceCollection services, Func<IServiceProvider, NpgsqlDataSource> dataSource)
    {
        services.AddDbContext<AccountsDbContext>((provider, options) => options.UseNpgsql(dataSource(provider)));
        services.AddSingleton(provider => new RegionScope(dataSource(provider)));
        services.AddScoped<AccountDirectory>();
        services.AddSingleton(provider => new ApiTokenLookup(dataSource(provider)));
        services.AddSingleton(TimeProvider.System);
        return services.AddIdentityCore<Account>(options =>
            {
                options.Password.RequiredLength = 10;
                options.Password.RequireNonAlphanumeric = false;
                options.Password.RequireUppercase = true;
                options.Password.RequireLowercase = true;
                options.Password.RequireDigit = true;
                options.Lockout.MaxFailedAccessAttempts = 5;
                options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                options.Lockout.AllowedForNewUsers = true;
                options.User.RequireUniqueEmail = false;
                options.User.AllowedUserNameCharacters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._@";
            })
            .AddEntityFrameworkStores<AccountsDbContext>();
    }
}
