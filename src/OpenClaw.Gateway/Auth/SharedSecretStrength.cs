namespace OpenClaw.Gateway.Auth;

/// <summary>
/// The minimum a shared secret needs once the listener is reachable beyond loopback: a token of 24 characters, a
/// password of 12, either with at least 5 different characters (so <c>aaaa…</c> or <c>abab…</c> do not pass).
/// Loopback-only listeners keep the placeholder checks alone.
/// </summary>
internal static class SharedSecretStrength
{
    public const int MinTokenLength = 24;
    public const int MinPasswordLength = 12;
    public const int MinDistinctCharacters = 5;

    /// <summary>Why <paramref name="secret"/> is too weak for a public bind, or null when it is strong enough.</summary>
    public static string? Weakness(string mode, string secret, string bindDescription)
    {
        ArgumentNullException.ThrowIfNull(secret);
        var (minLength, suggestion) = mode == "token"
            ? (MinTokenLength, "generate one with `openssl rand -hex 24`")
            : (MinPasswordLength, "generate one with `openssl rand -base64 18` or use a long passphrase");
        var length = secret.EnumerateRunes().Count();
        if (length >= minLength && secret.EnumerateRunes().Distinct().Count() >= MinDistinctCharacters)
        {
            return null;
        }

        return $"refusing to bind gateway to {bindDescription} with a weak {mode} ({length} characters); off loopback a {mode} needs at least " +
               $"{minLength} characters and {MinDistinctCharacters} different ones: {suggestion}";
    }
}
