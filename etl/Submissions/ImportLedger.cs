using Npgsql;

namespace ScienceWeek.Etl.Submissions;

/// <summary>The received-file ledger in numbers: every received file is loaded, quarantined or still pending in the inbox.</summary>
public sealed record ImportLedger(long Received, long Loaded, long Superseded, long Duplicate, long Quarantined, long Pending)
{
    /// <summary>received = loaded + quarantined + pending: nothing received has been lost.</summary>
    public bool Balances => Received == Loaded + Quarantined + Pending;

    /// <summary>The ledger's totals from received_file_summary, plus the files still waiting in the inbox.</summary>
    public static async Task<ImportLedger> ReadAsync(NpgsqlDataSource dataSource, long pending, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("select received, loaded, superseded, duplicate, quarantined from received_file_summary");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new ImportLedger(reader.GetInt64(0) + pending, reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4), pending);
    }

    public override string ToString() =>
        $"received {Received} = loaded {Loaded} (superseding {Superseded}, duplicates {Duplicate}) + quarantined {Quarantined} + pending {Pending}";
}
