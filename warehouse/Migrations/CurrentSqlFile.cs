using System.Security.Cryptography;
using System.Text;
using Npgsql;

namespace ScienceWeek.Warehouse.Migrations;

/// <summary>
/// A file of current definitions (Sql/Current/*.sql): unlike a migration it is run again, in one transaction, whenever
/// its content differs from the content last applied (by SHA-256, kept in applied_sql_file), followed by its rebuild
/// statement. Callers hold the migration lock.
/// </summary>
public sealed record CurrentSqlFile(string FileName, string RebuildSql)
{
    /// <summary>The marts: the views and tables the dashboard reads and the functions that keep them.</summary>
    public static readonly CurrentSqlFile Marts = new("marts.sql", "select refresh_marts()");

    public static string Checksum(string sql) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sql)));

    /// <returns>Whether the file was applied (its content had changed or had never run).</returns>
    public async Task<bool> ApplyAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        var sql = EmbeddedSql.Read(FileName);
        var checksum = Checksum(sql);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        if (await AppliedChecksumAsync(connection, FileName, cancellationToken) == checksum)
        {
            return false;
        }
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        foreach (var statement in new[] { sql, RebuildSql })
        {
            await using var command = new NpgsqlCommand(statement, connection, transaction) { CommandTimeout = 0 };
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        await RecordAppliedAsync(connection, transaction, FileName, checksum, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    /// <summary>The checksum applied_sql_file keeps for <paramref name="key"/> (a current file, or the reference data), if any.</summary>
    public static async Task<string?> AppliedChecksumAsync(NpgsqlConnection connection, string key, CancellationToken cancellationToken)
    {
        await using var applied = new NpgsqlCommand("select sha256 from applied_sql_file where file_name = $1", connection);
        applied.Parameters.Add(new() { Value = key });
        return await applied.ExecuteScalarAsync(cancellationToken) as string;
    }

    public static async Task RecordAppliedAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string key, string checksum, CancellationToken cancellationToken)
    {
        await using var record = new NpgsqlCommand("""
            insert into applied_sql_file (file_name, sha256, applied_at) values ($1, $2, now())
            on conflict (file_name) do update set sha256 = excluded.sha256, applied_at = excluded.applied_at
            """, connection, transaction);
        record.Parameters.Add(new() { Value = key });
        record.Parameters.Add(new() { Value = checksum });
        await record.ExecuteNonQueryAsync(cancellationToken);
    }
}
