namespace OpenClaw.Core.Tools;

/// <summary>Replaces a file's content through a temporary file and a rename, so a failure never leaves half a file.</summary>
internal static class AtomicFile
{
    /// <summary>
    /// Writes <paramref name="bytes"/> to <paramref name="realPath"/> (a path with no symlinks, so the rename
    /// replaces the file and not a link to it), keeping an existing file's Unix permissions.
    /// </summary>
    public static async Task WriteAsync(string realPath, ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        var directory = Path.GetDirectoryName(realPath)!;
        var temp = Path.Join(directory, $".{Path.GetFileName(realPath)}.{Guid.NewGuid():N}.tmp");
        try
        {
            var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, useAsync: true);
            await using (stream.ConfigureAwait(false))
            {
                await stream.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
                await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
            }

            if (!OperatingSystem.IsWindows() && File.Exists(realPath))
            {
                File.SetUnixFileMode(temp, File.GetUnixFileMode(realPath));
            }

            File.Move(temp, realPath, overwrite: true);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The original error is the one worth reporting; a stray temp file is only untidy.
        }
    }
}
