using System.Diagnostics;

namespace ScienceWeek.SampleData;

/// <summary>Turns HTML tables into .xlsx/.xls with LibreOffice, as offices do, many files per soffice call.</summary>
public static class Office
{
    private const int Batch = 120;

    public static void Convert(IReadOnlyList<(string Html, string Target, string Format)> jobs, string soffice)
    {
        var work = Path.Combine(Path.GetTempPath(), "scienceweek-sampledata-" + Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Directory.CreateDirectory(work);
        try
        {
            // Its own profile, so a LibreOffice already running elsewhere on the machine does not take the job.
            var profile = new Uri(Path.Combine(work, "profile")).AbsoluteUri;
            foreach (var group in jobs.Select((job, i) => (job, i)).GroupBy(x => x.job.Format))
            {
                foreach (var chunk in group.Chunk(Batch))
                {
                    var input = Path.Combine(work, "in");
                    var output = Path.Combine(work, "out");
                    Directory.CreateDirectory(input);
                    Directory.CreateDirectory(output);
                    var sources = new List<string>();
                    foreach (var (job, i) in chunk)
                    {
                        var source = Path.Combine(input, i.ToString("D5", System.Globalization.CultureInfo.InvariantCulture) + ".html");
                        File.WriteAllText(source, job.Html);
                        sources.Add(source);
                    }
                    Run(soffice, ["-env:UserInstallation=" + profile, "--headless", "--infilter=HTML (StarCalc)", "--convert-to", group.Key, "--outdir", output, .. sources]);
                    foreach (var (job, i) in chunk)
                    {
                        var converted = Path.Combine(output, i.ToString("D5", System.Globalization.CultureInfo.InvariantCulture) + "." + group.Key);
                        if (!File.Exists(converted))
                        {
                            throw new InvalidOperationException("LibreOffice did not produce " + job.Target);
                        }
                        Directory.CreateDirectory(Path.GetDirectoryName(job.Target)!);
                        File.Move(converted, job.Target, overwrite: true);
                    }
                    Directory.Delete(input, recursive: true);
                }
            }
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private static void Run(string file, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException("Cannot start " + file);
        var stderr = process.StandardError.ReadToEndAsync();
        _ = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} exited with {process.ExitCode}: {stderr.Result}");
        }
    }
}
