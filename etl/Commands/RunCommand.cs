using System.CommandLine;

namespace ScienceWeek.Etl.Commands;

public static class RunCommand
{
    public static Command Create()
    {
        var command = new Command("run", "Not built yet.");
        command.SetAction(_ => 2);
        return command;
    }
}
