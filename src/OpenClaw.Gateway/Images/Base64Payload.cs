namespace OpenClaw.Gateway.Images;

/// <summary>
/// The base64 payload of a data URI, read straight from its UTF-8 bytes (no intermediate string): whitespace and
/// control characters are skipped, the alphabet is the standard one, up to two <c>=</c> may end it (or be left out,
/// as long as the length still makes sense), and the unused bits of the last character must be zero.
/// </summary>
internal static class Base64Payload
{
    private static readonly sbyte[] Values = BuildValues();

    /// <summary>Decoded size the text announces, without decoding it: a cheap first check against the caps.</summary>
    public static long EstimateDecodedLength(ReadOnlySpan<byte> text)
    {
        long significant = 0;
        foreach (var b in text)
        {
            if (b > 0x20)
            {
                significant++;
            }
        }

        var end = text.Length - 1;
        var padding = 0;
        while (end >= 0 && padding < 2)
        {
            if (text[end] == '=')
            {
                padding++;
            }
            else if (text[end] > 0x20)
            {
                break;
            }

            end--;
        }

        return Math.Max(0, (significant * 3 / 4) - padding);
    }

    /// <summary>The decoded bytes, or null when the text is empty or not valid base64.</summary>
    public static byte[]? TryDecode(ReadOnlySpan<byte> text)
    {
        // First pass: validate and count, so the output is allocated once at its exact size.
        long dataChars = 0;
        var padding = 0;
        var last = 0;
        foreach (var b in text)
        {
            if (b <= 0x20)
            {
                continue;
            }

            if (b == '=')
            {
                if (++padding > 2)
                {
                    return null;
                }

                continue;
            }

            var value = Values[b];
            if (value < 0 || padding > 0)
            {
                return null;
            }

            last = value;
            dataChars++;
        }

        var remainder = (dataChars + padding) % 4;
        if (dataChars == 0 || remainder == 1 || (remainder != 0 && padding > 0))
        {
            return null;
        }

        var tail = (int)(dataChars % 4);
        var unusedBits = tail switch { 2 => 0b1111, 3 => 0b11, _ => 0 };
        if ((last & unusedBits) != 0)
        {
            return null;
        }

        var output = new byte[(dataChars / 4 * 3) + (tail == 0 ? 0 : tail - 1)];
        var accumulator = 0;
        var pending = 0;
        var written = 0;
        foreach (var b in text)
        {
            if (b <= 0x20 || b == '=')
            {
                continue;
            }

            accumulator = (accumulator << 6) | (byte)Values[b];
            if (++pending == 4)
            {
                output[written++] = (byte)(accumulator >> 16);
                output[written++] = (byte)(accumulator >> 8);
                output[written++] = (byte)accumulator;
                accumulator = 0;
                pending = 0;
            }
        }

        if (pending == 2)
        {
            output[written] = (byte)(accumulator >> 4);
        }
        else if (pending == 3)
        {
            output[written++] = (byte)(accumulator >> 10);
            output[written] = (byte)(accumulator >> 2);
        }

        return output;
    }

    private static sbyte[] BuildValues()
    {
        var values = new sbyte[256];
        Array.Fill(values, (sbyte)-1);
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        for (var i = 0; i < alphabet.Length; i++)
        {
            values[alphabet[i]] = (sbyte)i;
        }

        return values;
    }
}
