using OpenClaw.Core.Sessions;

namespace OpenClaw.Core.Tests.Sessions;

public sealed class TranscriptJsonlTests
{
    private const string Header = """{"type":"session","version":3,"id":"s-1","timestamp":"2026-11-22T03:36:09.988Z","cwd":"/w"}""";

    [Fact]
    public async Task ReadAsync_SpecExample_KeepsHeaderAndEveryLineVerbatim()
    {
        // Act
        var file = await Read(TranscriptFixtures.SpecExample);

        // Assert
        file.SessionId.Should().Be("4798aad8-a3dd-4f18-b0a3-b7be61b67f8a");
        file.CreatedAt.Should().Be(DateTimeOffset.Parse("2026-11-22T03:36:09.988Z").ToUnixTimeMilliseconds());
        file.Cwd.Should().Be("/home/u/.openclaw/workspace");
        file.Entries.Select(e => (e.Seq, e.EntryId, e.ParentId, e.Type)).Should().Equal(
            (1L, "a1b2c3d4", (string?)null, "message"), (2L, "b2c3d4e5", "a1b2c3d4", "message"), (3L, "c3d4e5f6", "b2c3d4e5", "message"));
        file.Entries.Select(e => e.PayloadJson).Should().Equal(TranscriptFixtures.SpecExample.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1));
        file.Entries[2].Timestamp.Should().Be("2026-11-22T03:36:14.501Z");
    }

    [Fact]
    public async Task ReadAsync_UnknownTypesAndBlankLines_AreKept()
    {
        // Act
        var file = await Read(TranscriptFixtures.Branched + "\n\n");

        // Assert
        file.Entries.Should().HaveCount(10);
        file.Entries.Single(e => e.Type == "x-future-type").PayloadJson.Should().Contain("\"anything\":{\"kept\":true}");
    }

    [Theory]
    [InlineData("", 1, "no session header")]
    [InlineData("not json", 1, "not valid JSON")]
    [InlineData("[1,2]", 1, "not a JSON object")]
    [InlineData("""{"type":"message","id":"a"}""", 1, "expected the session header")]
    [InlineData("""{"type":"session","version":2,"id":"s","timestamp":"2026-11-22T03:36:09.988Z"}""", 1, "unsupported transcript version 2")]
    [InlineData("""{"type":"session","id":"s","timestamp":"2026-11-22T03:36:09.988Z"}""", 1, "unsupported transcript version none")]
    [InlineData("""{"type":"session","version":3,"timestamp":"2026-11-22T03:36:09.988Z"}""", 1, "has no \"id\"")]
    [InlineData("""{"type":"session","version":3,"id":"s","timestamp":"yesterday"}""", 1, "\"timestamp\"")]
    [InlineData(Header + "\n{\"type\":\"message\",\"parentId\":null}", 2, "message entry has no \"id\"")]
    [InlineData(Header + "\n\n{\"type\":\"custom\",\"id\":\"a\"}\n{oops", 4, "not valid JSON")]
    [InlineData(Header + "\n{\"type\":\"message\",\"id\":\"a\",\"message\":\"oops\"}", 2, "message entry has no \"message\" object")]
    [InlineData(Header + "\n{\"type\":\"message\",\"id\":\"a\",\"message\":{\"role\":7}}", 2, "message has no string \"role\"")]
    [InlineData(Header + "\n{\"type\":\"message\",\"id\":\"a\",\"message\":{\"role\":\"user\",\"content\":5}}", 2, "\"content\" must be a string or an array")]
    [InlineData(Header + "\n{\"type\":\"message\",\"id\":\"a\",\"message\":{\"role\":\"user\",\"content\":[1]}}", 2, "\"content\" must be a string or an array")]
    [InlineData(Header + "\n{\"id\":\"a\"}", 2, "entry has no \"type\"")]
    [InlineData(Header + "\n{\"type\":\"custom\",\"id\":\"a\"}\n{\"type\":\"custom\",\"id\":\"a\"}", 3, "duplicate entry id \"a\" (first on line 2)")]
    [InlineData(Header + "\n{\"type\":\"custom\",\"id\":\"a\",\"parentId\":7}", 2, "\"parentId\" must be a string or null")]
    [InlineData(Header + "\n" + Header, 2, "a second session header")]
    public async Task ReadAsync_BadFile_NamesTheLine(string text, int line, string problem)
    {
        // Act
        var act = () => Read(text);

        // Assert
        var thrown = await act.Should().ThrowAsync<TranscriptFileException>();
        thrown.Which.LineNumber.Should().Be(line);
        thrown.Which.Message.Should().StartWith($"line {line}: ").And.Contain(problem);
    }

    [Fact]
    public async Task WriteAsync_HeaderThenPayloads_ReadsBackTheSameFile()
    {
        // Arrange
        var file = await Read(TranscriptFixtures.SpecExample);
        var header = new TranscriptHeader(file.SessionId, "main", "agent:main:main", file.CreatedAt, file.Cwd);
        using var output = new StringWriter();

        // Act
        await TranscriptJsonl.WriteAsync(output, header, file.Entries, CancellationToken.None);

        // Assert
        output.ToString().Should().Be(TranscriptFixtures.SpecExample);
    }

    [Fact]
    public void HeaderLine_WithoutCwd_LeavesItOut()
    {
        // Act
        var line = TranscriptJsonl.HeaderLine(new TranscriptHeader("s-9", "main", "agent:main:main", 0, null));

        // Assert
        line.Should().Be("""{"type":"session","version":3,"id":"s-9","timestamp":"1970-01-01T00:00:00.000Z"}""");
    }

    private static Task<TranscriptFile> Read(string text) => TranscriptJsonl.ReadAsync(new StringReader(text), CancellationToken.None);
}
