using System.Text;
using OpenClaw.Core.Prompt;

namespace OpenClaw.Core.Tests.Prompt;

/// <summary>
/// <see cref="PromptText.Trim"/> against <see cref="string.Trim()"/> on random texts cut into random pieces. Seeded, so
/// a failure names the case that reproduces it.
/// </summary>
public sealed class PromptTextTrimPropertyTests
{
    private const int Cases = 3_000;

    /// <summary>Every BMP character <see cref="string.Trim()"/> removes (there are none outside the BMP).</summary>
    private static readonly string[] WhiteSpace =
        [.. Enumerable.Range(0, 0x10000).Where(c => !char.IsSurrogate((char)c) && char.IsWhiteSpace((char)c)).Select(c => ((char)c).ToString())];

    private static readonly string[] Other =
        ["a", "Z", "0", ".", "é", "ß", "€", "中", "\u200b", "\ufeff", "\u180e", "😀", "🎉", "\U0001F468\u200D\U0001F469", "\U00010348"];

    [Fact]
    public void WhiteSpace_CoversAsciiAndUnicodeSpaces()
    {
        // Assert: the generator draws from the characters the brief names, not only from ASCII
        WhiteSpace.Should().Contain([" ", "\t", "\n", "\r", "\u00a0", "\u0085", "\u1680", "\u2028", "\u2029", "\u3000"]);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Trim_RandomTextInRandomPieces_EqualsStringTrim(int seed)
    {
        var random = new Random(seed);
        for (var i = 0; i < Cases; i++)
        {
            // Arrange
            var runes = RandomRunes(random);
            var content = string.Concat(runes);
            var text = PromptText.FromUtf8(RandomPieces(random, runes));

            // Act
            var trimmed = text.Trim();

            // Assert
            trimmed.ToString().Should().Be(content.Trim(), $"seed {seed}, case {i}: \"{Escape(content)}\"");
            trimmed.ByteLength.Should().Be(Encoding.UTF8.GetByteCount(content.Trim()), $"seed {seed}, case {i}");
            trimmed.Pieces.Should().NotContain(p => p.IsEmpty, $"seed {seed}, case {i}");
        }
    }

    /// <summary>Mostly white space at the ends, often only white space, sometimes nothing at all.</summary>
    private static List<string> RandomRunes(Random random)
    {
        var runes = new List<string>();
        var length = random.Next(0, 24);
        var onlySpace = random.Next(8) == 0;
        for (var i = 0; i < length; i++)
        {
            var nearEnd = i < 4 || i >= length - 4;
            var space = onlySpace || (nearEnd ? random.Next(4) != 0 : random.Next(10) == 0);
            runes.Add(space ? WhiteSpace[random.Next(WhiteSpace.Length)] : Other[random.Next(Other.Length)]);
        }

        return runes;
    }

    /// <summary>The text's UTF-8 cut at random character boundaries (a piece never splits a character), with empty pieces mixed in.</summary>
    private static ReadOnlyMemory<byte>[] RandomPieces(Random random, List<string> runes)
    {
        var pieces = new List<ReadOnlyMemory<byte>>();
        var current = new StringBuilder();
        foreach (var rune in runes)
        {
            current.Append(rune);
            if (random.Next(3) == 0)
            {
                pieces.Add(Encoding.UTF8.GetBytes(current.ToString()));
                current.Clear();
                if (random.Next(5) == 0)
                {
                    pieces.Add(ReadOnlyMemory<byte>.Empty);
                }
            }
        }

        pieces.Add(Encoding.UTF8.GetBytes(current.ToString()));
        return [.. pieces];
    }

    private static string Escape(string text) =>
        string.Concat(text.Select(c => c is >= ' ' and <= '~' ? c.ToString() : $"\\u{(int)c:x4}"));
}
