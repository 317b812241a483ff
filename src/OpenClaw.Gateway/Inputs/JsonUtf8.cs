using System.Runtime.InteropServices;
using System.Text.Json;
using OpenClaw.Core.Memory;

namespace OpenClaw.Gateway.Inputs;

/// <summary>
/// The UTF-8 text of a JSON string value, read from the request's own bytes: the raw value without its quotes, or,
/// only when it has escapes (a JSON encoder may write <c>\/</c>), unescaped into a pooled buffer returned on dispose.
/// The element must be a string whose text is well-formed (<see cref="Core.Json.JsonText.IsValid"/>), so that
/// unescaping cannot throw on a lone surrogate.
/// </summary>
internal readonly ref struct JsonUtf8 : IDisposable
{
    private readonly byte[]? _rented;

    private JsonUtf8(ReadOnlySpan<byte> span, byte[]? rented)
    {
        Span = span;
        _rented = rented;
    }

    public ReadOnlySpan<byte> Span { get; }

    public static JsonUtf8 Of(JsonElement element)
    {
        var raw = JsonMarshal.GetRawUtf8Value(element);
        if (raw.IndexOf((byte)'\\') < 0)
        {
            return new JsonUtf8(raw[1..^1], null);
        }

        var reader = new Utf8JsonReader(raw);
        reader.Read();
        var rented = PayloadBuffers.Rent<byte>(reader.ValueSpan.Length);
        return new JsonUtf8(rented.AsSpan(0, reader.CopyString(rented)), rented);
    }

    public void Dispose()
    {
        if (_rented is not null)
        {
            PayloadBuffers.Return(_rented);
        }
    }
}
