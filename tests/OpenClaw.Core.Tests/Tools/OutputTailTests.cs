using System.Text;
using OpenClaw.Core.Tools;

namespace OpenClaw.Core.Tests.Tools;

public sealed class OutputTailTests
{
    [Fact]
    public void Read_BelowCapacity_IsEverythingInOrder()
    {
        var tail = new OutputTail(8);

        tail.Append("abc"u8);
        tail.Append("def"u8);

        tail.Read().Should().Be(("abcdef", false));
    }

    [Fact]
    public void Read_ExactlyAtCapacity_IsNotTruncated()
    {
        var tail = new OutputTail(4);

        tail.Append("abcd"u8);

        tail.Read().Should().Be(("abcd", false));
    }

    [Fact]
    public void Read_AfterWrapping_IsTheLastBytesInOrder()
    {
        var tail = new OutputTail(5);

        tail.Append("abc"u8);
        tail.Append("def"u8);
        tail.Append("g"u8);

        tail.Read().Should().Be(("cdefg", true));
    }

    [Fact]
    public void Append_ChunkLargerThanTheCapacity_KeepsItsEnd()
    {
        var tail = new OutputTail(3);

        tail.Append("ab"u8);
        tail.Append("0123456"u8);

        tail.Read().Should().Be(("456", true));
    }

    [Fact]
    public void Read_CutInsideACharacter_SkipsItsRemainingBytes()
    {
        var tail = new OutputTail(4);

        tail.Append(Encoding.UTF8.GetBytes("x€ab")); // € is 3 bytes: the kept 4 bytes start with its last 2

        tail.Read().Should().Be(("ab", true));
    }

    [Theory]
    [InlineData(new byte[] { 0x61, 0x62 }, 2)]
    [InlineData(new byte[] { 0x61, 0xE2 }, 1)]
    [InlineData(new byte[] { 0x61, 0xE2, 0x82 }, 1)]
    [InlineData(new byte[] { 0x61, 0xE2, 0x82, 0xAC }, 4)]
    [InlineData(new byte[] { 0xF0, 0x9F, 0x98 }, 0)]
    [InlineData(new byte[] { 0xF0, 0x9F, 0x98, 0x80 }, 4)]
    [InlineData(new byte[] { 0xC3 }, 0)]
    [InlineData(new byte[] { 0x80, 0x80, 0x80 }, 3)]
    public void CompleteUtf8Length_HoldsBackOnlyAnIncompleteSequence(byte[] data, int expected)
    {
        OutputTail.CompleteUtf8Length(data).Should().Be(expected);
    }
}
