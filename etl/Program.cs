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
};
return await root.Parse(args).InvokeAsync();
