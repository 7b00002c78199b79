using System.CommandLine;

namespace ScienceWeek.Etl.Commands;

public static class ImportCommand
{
    public static Command Create()
    {
        var command = new Command("import", "Not built yet.");
        command.SetAction(_ => 2);
        return command;
    }
}
