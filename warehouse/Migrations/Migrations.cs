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

[DbContext(typeof(WarehouseDbContext))]
[Migration("20261203000020_StatisticsFact")]
public sealed class StatisticsFact() : SqlMigration("020_statistics_fact.sql");

[DbContext(typeof(WarehouseDbContext))]
[Migration("20261203000021_MartsAsCurrentFile")]
public sealed class MartsAsCurrentFile() : SqlMigration("021_marts_as_current_file.sql");

[DbContext(typeof(WarehouseDbContext))]
[Migration("20261203000030_DeadlinesAndSubmittedOn")]
public sealed class DeadlinesAndSubmittedOn() : SqlMigration("030_deadlines_and_submitted_on.sql");

[DbContext(typeof(WarehouseDbContext))]
[Migration("20261203000031_Findings")]
public sealed class Findings() : SqlMigration("031_findings.sql");

[DbContext(typeof(WarehouseDbContext))]
[Migration("20261203000040_Attachments")]
public sealed class Attachments() : SqlMigration("040_attachments.sql");

[DbContext(typeof(WarehouseDbContext))]
[Migration("20261203000060_FeaturedChoice")]
public sealed class FeaturedChoice() : SqlMigration("060_featured_choice.sql");

[DbContext(typeof(WarehouseDbContext))]
[Migration("20261203000070_FindingsRevised")]
public sealed class FindingsRevised() : SqlMigration("070_findings_revised.sql");

[DbContext(typeof(WarehouseDbContext))]
[Migration("20261203000100_RegionPartsByRegion")]
public sealed class RegionPartsByRegion() : SqlMigration("100_region_parts_by_region.sql");

[DbContext(typeof(WarehouseDbContext))]
[Migration("20261203000110_FindingsListingIndex")]
public sealed class FindingsListingIndex() : SqlMigration("110_findings_listing_index.sql");

[DbContext(typeof(WarehouseDbContext))]
[Migration("20261203000130_PeerBands")]
public sealed class PeerBands() : SqlMigration("130_peer_bands.sql");

[DbContext(typeof(WarehouseDbContext))]
[Migration("20261204000140_FindingsAtScale")]
public sealed class FindingsAtScale() : SqlMigration("140_findings_at_scale.sql");
