using System.Runtime.CompilerServices;
using System.Text.Json;

namespace OpenClaw.Core.Json;

/// <summary>
/// The pull-parsing steps the provider stream parsers repeat for every property. They work on the caller's reader in
/// place, allocate nothing beyond the strings they return, and are inlined: they run for each property of every chunk.
/// </summary>
internal static class Utf8JsonReaderSteps
{
    /// <summary>A reader over <paramref name="json"/> standing on its opening brace; throws when the text is not an object.</summary>
    public static Utf8JsonReader StartObject(ReadOnlySpan<byte> json, string notAnObject)
    {
        var reader = new Utf8JsonReader(json);
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException(notAnObject);
        }

        return reader;
    }

    /// <summary>Moves to the next property of the object being read; false at its end.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool NextProperty(ref this Utf8JsonReader reader) =>
        reader.Read() && reader.TokenType == JsonTokenType.PropertyName;

    /// <summary>Reads the current property's value: its text when it is a string, else null.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static string? ReadString(ref this Utf8JsonReader reader)
    {
        reader.Read();
        return reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
    }

    /// <summary>Passes over the current property's value, whatever it is.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void SkipValue(ref this Utf8JsonReader reader)
    {
        reader.Read();
        reader.Skip();
    }

    /// <summary>True when the value the reader stands on opens with <paramref name="start"/>; any other value is skipped.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool ExpectOrSkip(ref this Utf8JsonReader reader, JsonTokenType start)
    {
        if (reader.TokenType == start)
        {
            return true;
        }

        reader.Skip();
        return false;
    }
}
