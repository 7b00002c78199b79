namespace ScienceWeek.Etl.Submissions;

/// <summary>
/// Originals kept by content: <c>archive/ab/cdef….ext</c>. A stored file is never overwritten, so the same bytes
/// received twice are stored once and an archived original can always be checked against its hash.
/// </summary>
public sealed class ArchiveStore(string folder)
{
    public string PathFor(string sha256, string fileName)
    {
        var extension = Path.GetExtension(fileName).ToLowerInvariant();
        if (extension.Length > 10 || extension.Any(c => !char.IsAsciiLetterOrDigit(c) && c != '.'))
        {
            extension = "";
        }
        return Path.Combine(folder, sha256[..2], sha256[2..] + extension);
    }

    /// <summary>Copies the file into the archive unless the same bytes are there already; returns the archive path.</summary>
    public string Store(string sourcePath, string sha256)
    {
        var target = PathFor(sha256, sourcePath);
        if (File.Exists(target))
        {
            return target;
        }
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        // Copy under a private name and move into place, so a half-written copy never carries the hash's name.
        var partial = target + "." + Guid.NewGuid().ToString("N") + ".part";
        try
        {
            File.Copy(sourcePath, partial, overwrite: false);
            try
            {
                File.Move(partial, target, overwrite: false);
            }
            catch (IOException) when (File.Exists(target))
            {
                // Another importer archived the same bytes first; its copy is identical.
            }
        }
        finally
        {
            if (File.Exists(partial))
            {
                File.Delete(partial);
            }
        }
        return target;
    }

    /// <summary><see cref="Store"/> off the caller's thread, for large files (attachments).</summary>
    public Task<string> StoreAsync(string sourcePath, string sha256, CancellationToken cancellationToken) =>
        Task.Run(() => Store(sourcePath, sha256), cancellationToken);
}
