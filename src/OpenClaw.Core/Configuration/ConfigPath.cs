using System.Globalization;
using System.Text;

namespace OpenClaw.Core.Configuration;

/// <summary>
/// A location in the config: dot-separated keys and bracketed array indexes (<c>agents.list[0].id</c>), with quoted
/// keys for names holding dots or brackets (<c>agents.defaults.models["openai/gpt-4.1"]</c>).
/// </summary>
public sealed class ConfigPath
{
    private ConfigPath(string text, IReadOnlyList<ConfigPathSegment> segments)
    {
        Text = text;
        Segments = segments;
    }

    /// <summary>The path as the user wrote it.</summary>
    public string Text { get; }

    /// <summary>The keys and indexes, outermost first; never empty.</summary>
    public IReadOnlyList<ConfigPathSegment> Segments { get; }

    public override string ToString() => Text;

    /// <summary>Parses <paramref name="text"/>.</summary>
    /// <exception cref="ConfigPathException">Empty keys (<c>a..b</c>), non-numeric indexes (<c>a[x]</c>), unclosed brackets.</exception>
    public static ConfigPath Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var segments = new List<ConfigPathSegment>();
        var pos = 0;
        while (pos < text.Length || segments.Count == 0)
        {
            if (pos < text.Length && text[pos] == '[')
            {
                segments.Add(ReadBracket(text, ref pos));
            }
            else
            {
                if (segments.Count > 0)
                {
                    if (text[pos] != '.')
                    {
                        throw Invalid(text, pos, "expected '.' or '[' after ']'");
                    }

                    pos++;
                }

                var start = pos;
                while (pos < text.Length && text[pos] is not ('.' or '[' or ']'))
                {
                    pos++;
                }

                if (pos == start)
                {
                    throw Invalid(text, pos, "empty key");
                }

                if (pos < text.Length && text[pos] == ']')
                {
                    throw Invalid(text, pos, "unexpected ']'");
                }

                segments.Add(ConfigPathSegment.ForKey(text[start..pos]));
            }
        }

        return new ConfigPath(text, segments);
    }

    /// <summary>Writes <paramref name="segments"/> back as a path (for messages about a prefix of a path).</summary>
    public static string Format(IEnumerable<ConfigPathSegment> segments)
    {
        var text = new StringBuilder();
        foreach (var segment in segments)
        {
            if (segment.Key is null)
            {
                text.Append('[').Append(segment.Index.ToString(CultureInfo.InvariantCulture)).Append(']');
            }
            else if (segment.Key.AsSpan().ContainsAny(".[]\"'") || segment.Key.Length == 0)
            {
                text.Append("[\"").Append(segment.Key.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)).Append("\"]");
            }
            else
            {
                text.Append(text.Length == 0 ? "" : ".").Append(segment.Key);
            }
        }

        return text.ToString();
    }

    private static ConfigPathSegment ReadBracket(string text, ref int pos)
    {
        var open = pos++;
        if (pos < text.Length && text[pos] is '"' or '\'')
        {
            var quote = text[pos++];
            var key = new StringBuilder();
            while (pos < text.Length && text[pos] != quote)
            {
                if (text[pos] == '\\' && pos + 1 < text.Length)
                {
                    pos++;
                }

                key.Append(text[pos++]);
            }

            if (pos + 1 >= text.Length || text[pos + 1] != ']')
            {
                throw Invalid(text, open, "unclosed quoted key; write it as [\"key\"]");
            }

            pos += 2;
            return ConfigPathSegment.ForKey(key.ToString());
        }

        var close = text.IndexOf(']', pos);
        if (close < 0)
        {
            throw Invalid(text, open, "missing ']'");
        }

        var digits = text.AsSpan(pos, close - pos);
        if (digits.IsEmpty || digits.ContainsAnyExceptInRange('0', '9')
            || !int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var index))
        {
            throw Invalid(text, pos, "an index must be a non-negative integer; quote keys as [\"key\"]");
        }

        pos = close + 1;
        return ConfigPathSegment.ForIndex(index);
    }

    private static ConfigPathException Invalid(string text, int pos, string reason) =>
        new($"Invalid config path '{text}': {reason} at position {pos + 1}");
}

/// <summary>One step of a <see cref="ConfigPath"/>: an object key or an array index.</summary>
public readonly record struct ConfigPathSegment(string? Key, int Index)
{
    public static ConfigPathSegment ForKey(string key) => new(key, -1);

    public static ConfigPathSegment ForIndex(int index) => new(null, index);

    public bool IsIndex => Key is null;
}
