namespace OpenClaw.Core.Configuration;

/// <summary>Reads <c>.env</c> files: <c>KEY=value</c> lines, <c>#</c> comments, optional quotes and <c>export</c>.</summary>
internal static class DotEnvFile
{
    public static IEnumerable<KeyValuePair<string, string>> Read(string path)
    {
        if (!File.Exists(path))
        {
            yield break;
        }

        foreach (var rawLine in File.ReadLines(path))
        {
            var line = rawLine.Trim();
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            if (line.StartsWith("export ", StringComparison.Ordinal))
            {
                line = line[7..].TrimStart();
            }

            var eq = line.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                continue;
            }

            var key = line[..eq].Trim();
            var value = line[(eq + 1)..].Trim();
            if (value.Length >= 2 && (value[0] == '"' || value[0] == '\'') && value[^1] == value[0])
            {
                value = value[1..^1];
            }

            yield return new(key, value);
        }
    }
}
