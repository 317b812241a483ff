using System.Globalization;

namespace OpenClaw.Bench;

/// <summary>Thrown for bad command-line input; printed without a stack trace.</summary>
internal sealed class UsageException(string message) : Exception(message);

/// <summary>Minimal <c>--name value</c> / <c>--flag</c> parser (repeatable options keep their order).</summary>
internal sealed class ArgReader
{
    private readonly List<(string Name, string? Value)> _items = [];
    private readonly HashSet<string> _used = [];

    public ArgReader(string[] args)
    {
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith('-'))
            {
                throw new UsageException($"unexpected argument '{arg}'");
            }

            var name = arg.TrimStart('-');
            var eq = name.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0)
            {
                _items.Add((name[..eq], name[(eq + 1)..]));
            }
            else if (i + 1 < args.Length && !IsOptionName(args[i + 1]))
            {
                _items.Add((name, args[++i]));
            }
            else
            {
                _items.Add((name, null));
            }
        }
    }

    public string? String(params string[] names)
    {
        string? found = null;
        foreach (var (name, value) in _items)
        {
            if (names.Contains(name))
            {
                _used.Add(name);
                found = value ?? throw new UsageException($"--{name} needs a value");
            }
        }

        return found;
    }

    public string Required(params string[] names) =>
        String(names) ?? throw new UsageException($"--{names[0]} is required");

    public IReadOnlyList<string> All(string name)
    {
        _used.Add(name);
        return _items.Where(i => i.Name == name)
            .Select(i => i.Value ?? throw new UsageException($"--{name} needs a value"))
            .ToList();
    }

    public bool Flag(string name)
    {
        _used.Add(name);
        return _items.Any(i => i.Name == name && (i.Value is null || i.Value is "1" or "true"));
    }

    public double Double(string name, double fallback)
    {
        var text = String(name);
        return text is null
            ? fallback
            : double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value >= 0
                ? value
                : throw new UsageException($"--{name}: '{text}' is not a non-negative number");
    }

    public int Int(string[] names, int fallback)
    {
        var text = String(names);
        return text is null
            ? fallback
            : int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value > 0
                ? value
                : throw new UsageException($"--{names[0]}: '{text}' is not a positive integer");
    }

    /// <summary>Fails on options nobody asked for (typos would otherwise be silently ignored).</summary>
    public void EnsureAllUsed()
    {
        var unknown = _items.Select(i => i.Name).Where(n => !_used.Contains(n)).Distinct().ToList();
        if (unknown.Count > 0)
        {
            throw new UsageException($"unknown option(s): {string.Join(", ", unknown.Select(n => "--" + n))}");
        }
    }

    public static (string Key, string Value) SplitPair(string text, char separator, string option)
    {
        var at = text.IndexOf(separator, StringComparison.Ordinal);
        return at <= 0
            ? throw new UsageException($"--{option}: expected 'key{separator}value', got '{text}'")
            : (text[..at].Trim(), text[(at + 1)..].Trim());
    }

    private static bool IsOptionName(string text) =>
        text.StartsWith("--", StringComparison.Ordinal) || (text.Length == 2 && text[0] == '-' && char.IsLetter(text[1]));
}
