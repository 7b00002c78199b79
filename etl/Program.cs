using System.CommandLine;
using System.Text;
using ScienceWeek.Etl.Commands;

// ExcelDataReader needs the legacy code pages (1252, 936) for .xls and for GBK CSV files.
Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

var root = new RootCommand("ScienceWeek ETL: checks and loads science-week forms into the warehouse.")
{
    CheckCommand.Create(),
    ImportCommand.Create(),
    RunCommand.Create(),
    MigrateCommand.Create(),
    BenchCommand.Create(),
    UsersCommand.Create(),
};
var parsed = root.Parse(args);
if (parsed.Errors.Count > 0)
{
    // A usage error exits with 2, so that 1 keeps meaning "a file was rejected".
    foreach (var error in parsed.Errors)
    {
        Console.Error.WriteLine(error.Message);
    }
    return 2;
}
return await parsed.InvokeAsync();
