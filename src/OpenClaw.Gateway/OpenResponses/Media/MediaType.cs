namespace OpenClaw.Gateway.OpenResponses.Media;

/// <summary>
/// A <c>Content-Type</c> or <c>media_type</c> value read leniently: the type in lower case without parameters, and
/// the <c>charset</c> parameter when there is one. Anything that is not <c>type/subtype</c> is no type at all.
/// </summary>
internal readonly record struct MediaType(string Mime, string? Charset)
{
    public static MediaType? Parse(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var parts = value.Split(';');
        var mime = parts[0].Trim().ToLowerInvariant();
        var slash = mime.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0 || slash == mime.Length - 1 || mime.IndexOf('/', slash + 1) >= 0 || !mime.All(IsTokenChar))
        {
            return null;
        }

        string? charset = null;
        foreach (var parameter in parts.AsSpan(1))
        {
            var equals = parameter.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0 && parameter[..equals].Trim().Equals("charset", StringComparison.OrdinalIgnoreCase))
            {
                var label = parameter[(equals + 1)..].Trim().Trim('"').Trim();
                charset = label.Length > 0 ? label.ToLowerInvariant() : null;
            }
        }

        return new MediaType(mime, charset);
    }

    /// <summary>RFC 9110 token characters, the slash aside.</summary>
    private static bool IsTokenChar(char c) => c == '/' || char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-.^_`|~".Contains(c, StringComparison.Ordinal);
}
