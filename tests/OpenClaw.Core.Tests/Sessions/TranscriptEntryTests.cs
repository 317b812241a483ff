using System.Text;
using OpenClaw.Core.Sessions;

namespace OpenClaw.Core.Tests.Sessions;

public sealed class TranscriptEntryTests
{
    private const string Json = """{"type":"message","message":{"role":"user","content":"héllo 😀 \"q\""}}""";

    [Fact]
    public void FromUtf8_KeepsTheArrayAndDecodesPayloadJson()
    {
        // Arrange
        var utf8 = Encoding.UTF8.GetBytes(Json);

        // Act
        var entry = TranscriptEntry.FromUtf8("s1", 3, "e3", "e2", "message", "2026-11-22T03:36:09.988Z", utf8);

        // Assert
        entry.PayloadUtf8.Should().BeSameAs(utf8);
        entry.PayloadJson.Should().Be(Json);
        (entry.SessionId, entry.Seq, entry.EntryId, entry.ParentId, entry.Type, entry.Timestamp)
            .Should().Be(("s1", 3L, "e3", "e2", "message", "2026-11-22T03:36:09.988Z"));
    }

    [Fact]
    public void FromUtf8_PayloadJson_IsDecodedOnEachReadNotCached()
    {
        // Arrange
        var utf8 = Encoding.UTF8.GetBytes("""{"a":1}""");
        var entry = TranscriptEntry.FromUtf8("s1", 1, "e1", null, "message", "t", utf8);

        // Act
        var first = entry.PayloadJson;
        var second = entry.PayloadJson;

        // Assert: no string of a large entry is kept alongside its bytes
        first.Should().Be(second);
        first.Should().NotBeSameAs(second);
    }

    [Fact]
    public void StringConstructor_HasNoUtf8()
    {
        // Act
        var entry = new TranscriptEntry("s1", 1, "e1", null, "message", "t", Json);

        // Assert
        entry.PayloadUtf8.Should().BeNull();
        entry.PayloadJson.Should().BeSameAs(Json);
    }

    [Fact]
    public void With_PayloadJson_ReplacesTheUtf8()
    {
        // Arrange
        var entry = TranscriptEntry.FromUtf8("s1", 1, "e1", null, "message", "t", Encoding.UTF8.GetBytes(Json));

        // Act
        var changed = entry with { PayloadJson = """{"dup":true}""" };

        // Assert
        changed.PayloadUtf8.Should().BeNull();
        changed.PayloadJson.Should().Be("""{"dup":true}""");
        entry.PayloadJson.Should().Be(Json, "the original is unchanged");
    }

    [Fact]
    public void With_OtherProperty_KeepsTheUtf8()
    {
        // Arrange
        var utf8 = Encoding.UTF8.GetBytes(Json);
        var entry = TranscriptEntry.FromUtf8("s1", 1, "e1", null, "message", "t", utf8);

        // Act
        var changed = entry with { Seq = 9 };

        // Assert
        changed.PayloadUtf8.Should().BeSameAs(utf8);
        changed.PayloadJson.Should().Be(Json);
        changed.Seq.Should().Be(9);
    }

    [Fact]
    public void FromUtf8_Null_Throws()
    {
        // Act
        var act = () => TranscriptEntry.FromUtf8("s1", 1, "e1", null, "message", "t", null!);

        // Assert
        act.Should().Throw<ArgumentNullException>();
    }

    [Fact]
    public void With_NullPayloadJson_Throws()
    {
        // Arrange
        var entry = new TranscriptEntry("s1", 1, "e1", null, "message", "t", Json);

        // Act
        var act = () => entry with { PayloadJson = null! };

        // Assert
        act.Should().Throw<ArgumentNullException>();
    }
}
