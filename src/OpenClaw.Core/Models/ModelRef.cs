namespace OpenClaw.Core.Models;

/// <summary>A <c>provider/model</c> reference, split on the first slash (agent-runtime.md §5.1).</summary>
public readonly record struct ModelRef(string Provider, string Model)
{
    public override string ToString() => $"{Provider}/{Model}";

    /// <summary>Parses <c>provider/model</c>; false when either side is empty or there is no slash.</summary>
    public static bool TryParse(string? text, out ModelRef modelRef)
    {
        modelRef = default;
        var trimmed = text?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            return false;
        }

        var slash = trimmed.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0 || slash == trimmed.Length - 1)
        {
            return false;
        }

        modelRef = new ModelRef(trimmed[..slash].Trim(), trimmed[(slash + 1)..].Trim());
        return modelRef.Provider.Length > 0 && modelRef.Model.Length > 0;
    }
}
