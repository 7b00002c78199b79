using System.Globalization;
using System.Text;
using ScienceWeek.Etl.Forms;

namespace ScienceWeek.Etl.Submissions;

/// <summary>
/// Rejected files, kept as received in <c>quarantine/&lt;date&gt;/&lt;name&gt;</c> with <c>&lt;name&gt;.report.txt</c> beside
/// them: a report in Chinese that names the file, sheet and cell of each problem, for the clerk who sent it.
/// </summary>
public sealed class QuarantineStore(string folder, TimeProvider clock)
{
    public async Task<string> StoreAsync(string sourcePath, string sha256, FormReadResult read, CancellationToken cancellationToken)
    {
        var now = clock.GetLocalNow();
        var day = Path.Combine(folder, now.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        Directory.CreateDirectory(day);
        var target = FreeName(day, Path.GetFileName(sourcePath), sha256);
        File.Copy(sourcePath, target, overwrite: false);
        await File.WriteAllTextAsync(target + ".report.txt", Report(read, sha256, now), new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), cancellationToken);
        return target;
    }

    private static string FreeName(string folder, string fileName, string sha256)
    {
        var target = Path.Combine(folder, fileName);
        if (!File.Exists(target))
        {
            return target;
        }
        // The same name again the same day: keep both, told apart by the start of their hash.
        var stem = Path.GetFileNameWithoutExtension(fileName);
        var extension = Path.GetExtension(fileName);
        for (var i = 0; ; i++)
        {
            var suffix = i == 0 ? sha256[..8] : sha256[..8] + "-" + i.ToString(CultureInfo.InvariantCulture);
            target = Path.Combine(folder, $"{stem}.{suffix}{extension}");
            if (!File.Exists(target))
            {
                return target;
            }
        }
    }

    public static string Report(FormReadResult read, string sha256, DateTimeOffset at)
    {
        var text = new StringBuilder();
        text.Append("文件：").AppendLine(read.File);
        text.Append("SHA-256：").AppendLine(sha256);
        text.Append("处理时间：").AppendLine(at.ToString("yyyy-MM-dd HH:mm:ss zzz", CultureInfo.InvariantCulture));
        text.AppendLine("结论：退回，未入库。请按下列问题修改后重新报送。");
        if (read.Unit is not null)
        {
            text.Append("填报单位：").Append(read.Unit.Name).Append('（').Append(read.Unit.Code).AppendLine("）");
        }
        if (read.Year is not null)
        {
            text.Append("年度：").AppendLine(read.Year.Value.ToString(CultureInfo.InvariantCulture));
        }
        text.AppendLine();
        text.AppendLine("问题：");
        if (read.Issues.Count == 0)
        {
            text.AppendLine("1. [错误] 文件无法识别为科技活动周统计表或推荐表。");
        }
        var number = 1;
        foreach (var issue in read.Issues.OrderBy(i => i.IsError ? 0 : 1))
        {
            text.Append(number++.ToString(CultureInfo.InvariantCulture)).Append(". [")
                .Append(issue.IsError ? "错误" : "提示").Append("] ");
            text.Append("文件 ").Append(read.File);
            if (issue.Cell is { Length: > 0 } cell)
            {
                var bang = cell.LastIndexOf('!');
                if (bang > 0)
                {
                    text.Append("，工作表 ").Append(cell[..bang].Trim('\'')).Append("，单元格 ").Append(cell[(bang + 1)..]);
                }
                else
                {
                    text.Append("，单元格 ").Append(cell);
                }
            }
            text.Append('：').Append(issue.Message).Append('（').Append(issue.Code).AppendLine("）");
        }
        return text.ToString();
    }
}
