using OpenClaw.Gateway.Images;

namespace OpenClaw.Gateway.Inputs;

/// <summary>Why inline base64 was not decoded.</summary>
internal enum Base64Fault
{
    None,

    /// <summary>Over the per-item cap (<see cref="Base64Read.Size"/> is the size found).</summary>
    TooLarge,

    /// <summary>Over what is left of a request-wide budget.</summary>
    OverBudget,

    /// <summary>Empty, or not valid base64.</summary>
    Invalid,
}

/// <summary>The decoded bytes, or the fault and the size that caused it.</summary>
internal readonly record struct Base64Read(byte[]? Bytes, long Size, Base64Fault Fault);

/// <summary>
/// The one reader of inline base64 media (chat <c>image_url</c> data URIs, Responses <c>input_image</c>/<c>input_file</c>
/// base64 sources, WebSocket attachments): the size the text announces is checked against the caps before anything is
/// decoded, then the bytes are decoded and their exact size checked. Each entry point words the fault itself.
/// </summary>
internal static class Base64Input
{
    public static Base64Read Decode(ReadOnlySpan<byte> text, long maxBytes, long budget = long.MaxValue)
    {
        var estimate = Base64Payload.EstimateDecodedLength(text);
        if (estimate > maxBytes)
        {
            return new Base64Read(null, estimate, Base64Fault.TooLarge);
        }

        if (estimate > budget)
        {
            return new Base64Read(null, estimate, Base64Fault.OverBudget);
        }

        if (Base64Payload.TryDecode(text) is not { } bytes)
        {
            return new Base64Read(null, estimate, Base64Fault.Invalid);
        }

        // The estimate is exact for valid base64; the decoded size is what counts all the same.
        return bytes.Length > maxBytes ? new Base64Read(null, bytes.Length, Base64Fault.TooLarge)
            : bytes.Length > budget ? new Base64Read(null, bytes.Length, Base64Fault.OverBudget)
            : new Base64Read(bytes, bytes.Length, Base64Fault.None);
    }
}
