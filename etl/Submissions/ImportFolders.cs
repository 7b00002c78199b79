namespace ScienceWeek.Etl.Submissions;

/// <summary>Where received files live under the data folder: the inbox, the archive of originals, quarantine, processed.</summary>
public sealed record ImportFolders(string DataFolder)
{
    public string Inbox => Path.Combine(DataFolder, "inbox");
    public string Archive => Path.Combine(DataFolder, "archive");
    public string Quarantine => Path.Combine(DataFolder, "quarantine");
    public string Processed => Path.Combine(DataFolder, "processed");
}
