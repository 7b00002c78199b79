using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace ScienceWeek.Warehouse.Migrations;

[DbContext(typeof(WarehouseDbContext))]
[Migration("20261121000001_StarSchema")]
public sealed class StarSchema() : SqlMigration("001_star_schema.sql");

[DbContext(typeof(WarehouseDbContext))]
[Migration("20261121000002_RegionValues")]
public sealed class RegionValues() : SqlMigration("002_region_values.sql");

[DbContext(typeof(WarehouseDbContext))]
[Migration("20261121000003_ReceivedFiles")]
public sealed class ReceivedFiles() : SqlMigration("003_received_files.sql");

[DbContext(typeof(WarehouseDbContext))]
[Migration("20261121000004_Dashboard")]
public sealed class Dashboard() : SqlMigration("004_dashboard.sql");

[DbContext(typeof(WarehouseDbContext))]
[Migration("20261121000005_RegionValuesByNearestReport")]
public sealed class RegionValuesByNearestReport() : SqlMigration("005_region_values_by_nearest_report.sql");

[DbContext(typeof(WarehouseDbContext))]
[Migration("20261203000006_FeaturedLimitPerRecommender")]
public sealed class FeaturedLimitPerRecommender() : SqlMigration("006_featured_limit_per_recommender.sql");

[DbContext(typeof(WarehouseDbContext))]
[Migration("20261203000010_Accounts")]
public sealed class Accounts() : SqlMigration("010_accounts.sql");

[DbContext(typeof(WarehouseDbContext))]
[Migration("20261203000011_UploadChannel")]
public sealed class UploadChannel() : SqlMigration("011_upload_channel.sql");
