namespace OpenClaw.Core.Tools;

/// <summary>A tool path resolved against the workspace.</summary>
/// <param name="FullPath">The absolute, normalized path the tool works on.</param>
/// <param name="RealPath">The same path with every symlink resolved (the part that does not exist yet kept as is).</param>
internal sealed record WorkspacePath(string FullPath, string RealPath)
{
    private const int MaxLinkHops = 40;

    private static readonly StringComparison PathComparison =
        OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;

    /// <summary>
    /// Resolves <paramref name="input"/> (relative to the workspace, <c>~</c> for home, an <c>@</c> file-reference
    /// prefix dropped as the original does). With <paramref name="workspaceOnly"/>, a path outside the workspace, by
    /// its text or through a symlink of the file or any parent directory, throws <see cref="ToolFailureException"/>
    /// of kind <see cref="ToolErrorKind.OutsideWorkspace"/>.
    /// </summary>
    public static WorkspacePath Resolve(string workspaceDir, string input, bool workspaceOnly)
    {
        var workspace = Path.GetFullPath(workspaceDir);
        var full = Path.GetFullPath(Expand(input), workspace);
        var real = ResolveLinks(full);
        if (workspaceOnly)
        {
            // The workspace may itself sit behind a symlink (/tmp on macOS): its real spelling, as `pwd` prints it
            // in exec, names the same place.
            var realWorkspace = ResolveLinks(workspace);
            if (!IsInside(workspace, full) && !IsInside(realWorkspace, full))
            {
                throw new ToolFailureException($"Path escapes workspace root ({workspace}): {input}", ToolErrorKind.OutsideWorkspace);
            }

            if (!IsInside(realWorkspace, real))
            {
                throw new ToolFailureException($"Symlink escapes workspace root ({workspace}): {input}", ToolErrorKind.OutsideWorkspace);
            }
        }

        return new WorkspacePath(full, real);
    }

    public static bool IsInside(string root, string path)
    {
        root = Path.TrimEndingDirectorySeparator(root);
        path = Path.TrimEndingDirectorySeparator(path);
        var prefix = Path.EndsInDirectorySeparator(root) ? root : root + Path.DirectorySeparatorChar;
        return path.Equals(root, PathComparison) || path.StartsWith(prefix, PathComparison);
    }

    private static string Expand(string input)
    {
        var path = input.StartsWith('@') ? input[1..] : input;
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        if (path == "~")
        {
            return home;
        }

        return path.StartsWith("~/", StringComparison.Ordinal) || (OperatingSystem.IsWindows() && path.StartsWith("~\\", StringComparison.Ordinal))
            ? Path.Join(home, path[2..])
            : path;
    }

    /// <summary>
    /// What the OS would open: each component in turn, a symlink replaced by its target (relative targets against
    /// the link's directory, <c>..</c> after resolution), as realpath(3) does but tolerating a missing tail, so a file
    /// about to be created under a symlinked directory is judged by where it would land.
    /// </summary>
    private static string ResolveLinks(string fullPath)
    {
        var current = Path.GetPathRoot(fullPath)!;
        var pending = new Stack<string>();
        PushComponents(pending, fullPath[current.Length..]);
        var hops = 0;
        while (pending.TryPop(out var part))
        {
            if (part is "" or ".")
            {
                continue;
            }

            if (part == "..")
            {
                current = Path.GetDirectoryName(current) ?? current;
                continue;
            }

            var next = Path.Join(current, part);
            if (new FileInfo(next).LinkTarget is not { } target)
            {
                current = next;
                continue;
            }

            if (++hops > MaxLinkHops)
            {
                throw new ToolFailureException($"Too many levels of symbolic links: {fullPath}");
            }

            if (Path.IsPathRooted(target))
            {
                current = Path.GetPathRoot(target)!;
                target = target[current.Length..];
            }

            PushComponents(pending, target);
        }

        return current;
    }

    private static void PushComponents(Stack<string> pending, string relative)
    {
        var parts = relative.Split([Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar]);
        for (var i = parts.Length - 1; i >= 0; i--)
        {
            pending.Push(parts[i]);
        }
    }
}
