using System.CommandLine;

namespace ScienceWeek.Etl.Commands;

public static class CheckCommand
{
    public static Command Create()
    {
        var command = new Command("check", "Not built yet.");
        command.SetAction(_ => 2);
        return command;
    }
}
