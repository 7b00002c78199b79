using Microsoft.EntityFrameworkCore;
using ScienceWeek.Warehouse.Model;

namespace ScienceWeek.Warehouse;

/// <summary>
/// EF Core maps the dimensions and the submission metadata; facts are loaded with binary COPY and read with SQL.
/// The schema itself is owned by the SQL in the migrations, so the mapping here is explicit and checked by tests.
/// </summary>
public sealed class WarehouseDbContext(DbContextOptions<WarehouseDbContext> options) : DbContext(options)
{
    public DbSet<Region> Regions => Set<Region>();
    public DbSet<ReportingUnit> ReportingUnits => Set<ReportingUnit>();
    public DbSet<ScienceWeekYear> Years => Set<ScienceWeekYear>();
    public DbSet<Measure> Measures => Set<Measure>();
    public DbSet<Submission> Submissions => Set<Submission>();
    public DbSet<SubmissionIssue> SubmissionIssues => Set<SubmissionIssue>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Region>(e =>
        {
            e.ToTable("dim_region");
            e.HasKey(x => x.RegionKey);
            e.Property(x => x.RegionKey).HasColumnName("region_key").UseIdentityAlwaysColumn();
            e.Property(x => x.RegionCode).HasColumnName("region_code");
            e.Property(x => x.RegionName).HasColumnName("region_name");
            e.Property(x => x.ShortName).HasColumnName("short_name");
            e.Property(x => x.Level).HasColumnName("level");
            e.Property(x => x.IsFunctionalZone).HasColumnName("is_functional_zone");
            e.Property(x => x.HasDivisionCode).HasColumnName("has_division_code");
            e.Property(x => x.ParentRegionKey).HasColumnName("parent_region_key");
            e.Property(x => x.ProvinceCode).HasColumnName("province_code");
            e.Property(x => x.ProvinceName).HasColumnName("province_name");
            e.Property(x => x.CityCode).HasColumnName("city_code");
            e.Property(x => x.CityName).HasColumnName("city_name");
            e.Property(x => x.Population2020).HasColumnName("population_2020");
            e.HasOne(x => x.Parent).WithMany().HasForeignKey(x => x.ParentRegionKey);
        });
        modelBuilder.Entity<ReportingUnit>(e =>
        {
            e.ToTable("dim_reporting_unit");
            e.HasKey(x => x.ReportingUnitKey);
            e.Property(x => x.ReportingUnitKey).HasColumnName("reporting_unit_key").UseIdentityAlwaysColumn();
            e.Property(x => x.UnitCode).HasColumnName("unit_code");
            e.Property(x => x.UnitName).HasColumnName("unit_name");
            e.Property(x => x.UnitKind).HasColumnName("unit_kind");
            e.Property(x => x.Aliases).HasColumnName("aliases");
            e.Property(x => x.RegionKey).HasColumnName("region_key");
            e.HasOne(x => x.Region).WithMany().HasForeignKey(x => x.RegionKey);
        });
        modelBuilder.Entity<ScienceWeekYear>(e =>
        {
            e.ToTable("dim_year");
            e.HasKey(x => x.Year);
            e.Property(x => x.Year).HasColumnName("year").ValueGeneratedNever();
            e.Property(x => x.WeekStartDate).HasColumnName("week_start_date");
            e.Property(x => x.WeekEndDate).HasColumnName("week_end_date");
            e.Property(x => x.Theme).HasColumnName("theme");
        });
        modelBuilder.Entity<Measure>(e =>
        {
            e.ToTable("dim_measure");
            e.HasKey(x => x.MeasureCode);
            e.Property(x => x.MeasureCode).HasColumnName("measure_code");
            e.Property(x => x.NameZh).HasColumnName("name_zh");
            e.Property(x => x.UnitZh).HasColumnName("unit_zh");
            e.Property(x => x.MeasureGroup).HasColumnName("measure_group");
            e.Property(x => x.IsTotal).HasColumnName("is_total");
            e.Property(x => x.SortOrder).HasColumnName("sort_order");
        });
        modelBuilder.Entity<Submission>(e =>
        {
            e.ToTable("dim_submission");
            e.HasKey(x => x.SubmissionKey);
            e.Property(x => x.SubmissionKey).HasColumnName("submission_key").UseIdentityAlwaysColumn();
            e.Property(x => x.FileName).HasColumnName("file_name");
            e.Property(x => x.Sha256).HasColumnName("sha256");
            e.Property(x => x.ReceivedAt).HasColumnName("received_at");
            e.Property(x => x.LoadedAt).HasColumnName("loaded_at");
            e.Property(x => x.FormKind).HasColumnName("form_kind");
            e.Property(x => x.ReportingUnitKey).HasColumnName("reporting_unit_key");
            e.Property(x => x.Year).HasColumnName("year");
            e.Property(x => x.Version).HasColumnName("version");
            e.Property(x => x.Status).HasColumnName("status");
            e.Property(x => x.IsCurrent).HasColumnName("is_current");
            e.Property(x => x.SupersedesSubmissionKey).HasColumnName("supersedes_submission_key");
            e.Property(x => x.ArchivePath).HasColumnName("archive_path");
            e.Property(x => x.QuarantinePath).HasColumnName("quarantine_path");
            e.HasOne(x => x.ReportingUnit).WithMany().HasForeignKey(x => x.ReportingUnitKey);
            e.HasMany(x => x.Issues).WithOne().HasForeignKey(x => x.SubmissionKey);
        });
        modelBuilder.Entity<SubmissionIssue>(e =>
        {
            e.ToTable("submission_issue");
            e.HasKey(x => new { x.SubmissionKey, x.IssueNumber });
            e.Property(x => x.SubmissionKey).HasColumnName("submission_key");
            e.Property(x => x.IssueNumber).HasColumnName("issue_number");
            e.Property(x => x.Severity).HasColumnName("severity");
            e.Property(x => x.Code).HasColumnName("code");
            e.Property(x => x.Message).HasColumnName("message");
            e.Property(x => x.Cell).HasColumnName("cell");
        });
    }
}
