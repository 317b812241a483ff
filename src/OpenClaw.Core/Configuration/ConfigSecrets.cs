using System.Text.Json;
using System.Text.Json.Nodes;

namespace OpenClaw.Core.Configuration;

/// <summary>
/// What the config was built from that must not be shown (<see cref="ConfigRedaction"/>): the values of the
/// <c>env</c> block and of <c>.env</c> files, the values substituted for <c>${VAR}</c> and where in the effective
/// config that happened, and the values at secret keys. Filled while the config is read, then never changed.
/// </summary>
public sealed class ConfigSecrets
{
    /// <summary>Shorter values are hidden where they stand but not searched for elsewhere: they would match unrelated text.</summary>
    public const int MinSearchedLength = 8;

    private readonly HashSet<string> _values = new(StringComparer.Ordinal);
    private readonly HashSet<string> _substitutedPaths = new(StringComparer.Ordinal);

    public static ConfigSecrets None { get; } = new();

    /// <summary>Whether <paramref name="text"/> is or contains a known secret value.</summary>
    public bool Reveals(string text)
    {
        foreach (var value in SearchedValues)
        {
            if (text.Contains(value, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The values searched for in other text: long enough, and not a plain word. Keys, tokens, passwords and URLs have
    /// digits or punctuation; a word such as <c>production</c> from <c>NODE_ENV</c> would hide unrelated settings.
    /// </summary>
    internal IEnumerable<string> SearchedValues => _values.Where(v => v.Length >= MinSearchedLength && v.Any(c => !char.IsLetter(c)));

    /// <summary>Whether the string at <paramref name="path"/> (<c>a.b[0]</c>) of the effective config had a <c>${VAR}</c> substituted.</summary>
    public bool IsSubstituted(string path) => _substitutedPaths.Contains(path);

    /// <summary>A copy that also knows the values at the secret places of <paramref name="tree"/> (secret keys, <c>headers</c>, <c>env</c>).</summary>
    public ConfigSecrets With(JsonNode? tree)
    {
        var copy = new ConfigSecrets();
        copy._values.UnionWith(_values);
        copy._substitutedPaths.UnionWith(_substitutedPaths);
        copy.CollectFrom(tree);
        return copy;
    }

    internal void Add(string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            _values.Add(value);
        }
    }

    internal void AddSubstitution(string path, string value)
    {
        _substitutedPaths.Add(path);
        Add(value);
    }

    internal void CollectFrom(JsonNode? tree) => Collect(tree, secret: false, atRoot: true);

    private void Collect(JsonNode? node, bool secret, bool atRoot)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, value) in obj)
                {
                    Collect(value, ConfigRedaction.IsSecretPlace(key, value, secret, atRoot), atRoot: false);
                }

                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    Collect(item, secret, atRoot: false);
                }

                break;
            case JsonValue value when secret && value.GetValueKind() == JsonValueKind.String:
                Add(value.GetValue<string>());
                break;
        }
    }
}
