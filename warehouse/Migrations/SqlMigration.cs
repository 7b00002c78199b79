using Microsoft.EntityFrameworkCore.Migrations;

namespace ScienceWeek.Warehouse.Migrations;

/// <summary>
/// A migration whose body is one of the embedded Sql/*.sql files: the SQL is the schema's source of truth,
/// readable and reviewable on its own, and EF only records which files have run.
/// </summary>
public abstract class SqlMigration(string sqlFile) : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) => migrationBuilder.Sql(EmbeddedSql.Read(sqlFile));

    protected override void Down(MigrationBuilder migrationBuilder) =>
        throw new NotSupportedException("The warehouse migrates forward only; restore from a backup to go back.");
}
