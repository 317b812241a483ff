using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http.Features;

namespace OpenClaw.Gateway.Sessions;

/// <summary>
/// <c>/sessions/&lt;segment&gt;/history</c> and <c>/sessions/&lt;segment&gt;/kill</c> (http-api.md §8a.1): the key is the
/// raw segment percent-decoded once (<c>+</c> stays <c>+</c>) and trimmed.
/// </summary>
internal static class SessionRoutePath
{
    public const string Prefix = "/sessions/";

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The session key as sent (decoded, trimmed), or null when it is empty or cannot be decoded.</summary>
    public static string? Key(HttpContext context)
    {
        // The raw target: Kestrel has already decoded Request.Path, and a second decoding would be wrong.
        var raw = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? "";
        var path = raw.Split('?', 2)[0];
        if (!path.StartsWith(Prefix, StringComparison.Ordinal))
        {
            // An absolute-form target (http://host/sessions/…): the path, escaped as it came.
            path = context.Request.Path.ToUriComponent();
        }

        var segment = path.Length > Prefix.Length ? path[Prefix.Length..path.LastIndexOf('/')] : "";
        var key = DecodeOnce(segment)?.Trim();
        return string.IsNullOrEmpty(key) ? null : key;
    }

    /// <summary>
    /// Percent-decoding as JavaScript's <c>decodeURIComponent</c> does it: a stray <c>%</c> or escapes that are not
    /// UTF-8 make the key undecodable (null).
    /// </summary>
    private static string? DecodeOnce(string segment)
    {
        var bytes = new List<byte>(segment.Length);
        for (var i = 0; i < segment.Length; i++)
        {
            if (segment[i] != '%')
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(segment[i].ToString()));
                continue;
            }

            if (i + 2 >= segment.Length || !byte.TryParse(segment.AsSpan(i + 1, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var value))
            {
                return null;
            }

            bytes.Add(value);
            i += 2;
        }

        try
        {
            return StrictUtf8.GetString([.. bytes]);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }
}
