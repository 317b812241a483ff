using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace OpenClaw.Gateway.Tests.Support;

/// <summary>
/// Request bodies with bytes a .NET string cannot hold: in the text, each <c>&lt;XX&gt;</c> is the raw byte 0xXX
/// (<c>&lt;FF&gt;</c>, overlong <c>&lt;C0&gt;&lt;AF&gt;</c>, …); everything else is UTF-8, JSON escapes as written.
/// </summary>
internal static partial class RawJson
{
    public static byte[] Bytes(string text)
    {
        var bytes = new List<byte>(text.Length);
        var last = 0;
        foreach (Match match in RawByte().Matches(text))
        {
            bytes.AddRange(Encoding.UTF8.GetBytes(text[last..match.Index]));
            bytes.Add(byte.Parse(match.Groups[1].Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture));
            last = match.Index + match.Length;
        }

        bytes.AddRange(Encoding.UTF8.GetBytes(text[last..]));
        return [.. bytes];
    }

    /// <summary>POSTs the bytes as they are (ByteArrayContent), labelled JSON.</summary>
    public static Task<HttpResponseMessage> PostBytesAsync(this HttpClient client, byte[] body, string path = HttpTestExtensions.ChatPath)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        return client.PostAsync(path, content);
    }

    [GeneratedRegex("<([0-9A-F]{2})>")]
    private static partial Regex RawByte();
}
