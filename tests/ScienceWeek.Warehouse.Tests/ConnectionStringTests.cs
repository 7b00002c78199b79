using Npgsql;

namespace ScienceWeek.Warehouse.Tests;

public class ConnectionStringTests
{
    [Fact]
    public void Connections_prepare_the_statements_they_repeat_unless_the_connection_string_says_otherwise()
    {
        var added = new NpgsqlConnectionStringBuilder(WarehouseDatabase.WithAutoPrepare("Host=db.example.local;Database=scienceweek"));
        var turnedOff = new NpgsqlConnectionStringBuilder(WarehouseDatabase.WithAutoPrepare("Host=db.example.local;Max Auto Prepare=0"));
        var chosen = new NpgsqlConnectionStringBuilder(WarehouseDatabase.WithAutoPrepare("Host=db.example.local;maxautoprepare=5"));

        Assert.Equal(32, added.MaxAutoPrepare);
        Assert.Equal("db.example.local", added.Host);
        Assert.Equal(0, turnedOff.MaxAutoPrepare);
        Assert.Equal(5, chosen.MaxAutoPrepare);
    }
}
