using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using OpenClaw.Core.Sessions;
using OpenClaw.Sessions.Sqlite.Tests.Support;
using OpenClaw.Testing;

using static OpenClaw.Testing.Sessions.StoreSamples;

namespace OpenClaw.Sessions.Sqlite.Tests;

/// <summary>Entries built from UTF-8 (<see cref="TranscriptEntry.FromUtf8"/>) are bound from their UTF-8 bytes by <c>EntryInsert</c>, not passed as strings.</summary>
public sealed class SqliteUtf8EntryTests : IAsyncLifetime
{
    private static readonly JsonSerializerOptions Relaxed = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly TempDirectory _temp = new();
    private SqliteSessionStore _store = null!;

    private string DatabasePath => _temp.Combine("state", "openclaw-dotnet.sqlite");

    public async Task InitializeAsync()
    {
        _store = new SqliteSessionStore(DatabasePath, fullSync: false);
        await _store.InitializeAsync(CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await _store.DisposeAsync();
        _temp.Dispose();
    }

    [Theory]
    [InlineData("""{"seq":1}""")]
    [InlineData("""{"message":{"content":"héllo wörld € 😀 中文 \"q\" \\ \n"}}""")]
    public async Task WriteAsync_Utf8Entry_IsStoredAsTextAndReadsBackIdentical(string json)
    {
        // Arrange
        var entry = Utf8Entry("s1", 1, json);

        // Act
        await _store.WriteAsync(new SessionWrite { NewTranscript = Header("s1"), Entries = [entry] }, CancellationToken.None);

        // Assert
        Db.Scalar("SELECT typeof(payload_json) FROM transcript_entries;").Should().Be("text");
        Db.Scalar("SELECT payload_json FROM transcript_entries;").Should().Be(json);
        Db.Scalar("SELECT length(CAST(payload_json AS BLOB)) FROM transcript_entries;").Should().Be((long)Encoding.UTF8.GetByteCount(json));
        var read = await _store.ReadTranscriptAsync("s1", CancellationToken.None);
        read.Should().ContainSingle().Which.PayloadJson.Should().Be(json);
        read[0].Should().BeEquivalentTo(new { SessionId = "s1", Seq = 1L, EntryId = "e0000001", ParentId = (string?)null, Type = "message", Timestamp = "2026-11-22T03:36:09.988Z" });
    }

    [Fact]
    public async Task WriteAsync_EmptyUtf8Payload_IsStoredAsEmptyTextNotNull()
    {
        // Arrange: an empty array pins to a null pointer, which SQLite would take for NULL.
        var entry = TranscriptEntry.FromUtf8("s1", 1, "e0000001", null, "message", "2026-11-22T03:36:09.988Z", []);

        // Act
        await _store.WriteAsync(new SessionWrite { NewTranscript = Header("s1"), Entries = [entry] }, CancellationToken.None);

        // Assert
        (Db.Scalar("SELECT typeof(payload_json) FROM transcript_entries;"), Db.Scalar("SELECT payload_json FROM transcript_entries;")).Should().Be(("text", ""));
    }

    [Fact]
    public async Task WriteAsync_Utf8EntryOfSeveralMiB_ReadsBackIdentical()
    {
        // Arrange
        var content = string.Concat(Enumerable.Repeat("line \"é\" € 😀\n ", 200_000));
        var json = $$$"""{"type":"message","message":{"role":"user","content":{{{JsonSerializer.Serialize(content, Relaxed)}}}}}""";
        var entry = Utf8Entry("s1", 1, json);

        // Act
        await _store.WriteAsync(new SessionWrite { NewTranscript = Header("s1"), Entries = [entry] }, CancellationToken.None);

        // Assert
        Encoding.UTF8.GetByteCount(json).Should().BeGreaterThan(3 * 1024 * 1024);
        Db.Scalar("SELECT typeof(payload_json) FROM transcript_entries;").Should().Be("text");
        LargeText.ShouldEqual((await _store.ReadTranscriptAsync("s1", CancellationToken.None)).Single().PayloadJson, json);
    }

    [Fact]
    public async Task WriteAsync_Utf8AndStringEntries_AreStoredAlike()
    {
        // Arrange
        const string Json = """{"k":"ü"}""";
        var utf8 = Utf8Entry("s1", 1, Json);
        var text = new TranscriptEntry("s1", 2, "e0000002", "e0000001", "message", "2026-11-22T03:36:09.988Z", Json);

        // Act
        await _store.WriteAsync(new SessionWrite { NewTranscript = Header("s1"), Entries = [utf8, text] }, CancellationToken.None);

        // Assert
        Db.Rows("SELECT typeof(payload_json), payload_json, parent_id FROM transcript_entries ORDER BY seq;")
            .Should().BeEquivalentTo([new object?[] { "text", Json, null }, new object?[] { "text", Json, "e0000001" }], o => o.WithStrictOrdering());
    }

    [Fact]
    public async Task WriteAsync_Utf8EntryWithParent_StoresTheParent()
    {
        // Act
        await _store.WriteAsync(new SessionWrite { NewTranscript = Header("s1"), Entries = [Utf8Entry("s1", 1, "{}"), Utf8Entry("s1", 2, "{}")] }, CancellationToken.None);

        // Assert
        Db.Rows("SELECT parent_id IS NULL, parent_id FROM transcript_entries ORDER BY seq;")
            .Should().BeEquivalentTo([new object?[] { 1L, null }, new object?[] { 0L, "e0000001" }], o => o.WithStrictOrdering());
    }

    [Fact]
    public async Task WriteAsync_DuplicateUtf8SeqInABatch_FailsAloneAndTheOthersCommit()
    {
        // Arrange: hold the database's write lock so the queued writes pile up and commit as one batch.
        using var blocker = Db.Open();
        SqliteFile.Execute(blocker, "BEGIN IMMEDIATE;");
        var first = _store.WriteAsync(new SessionWrite { NewTranscript = Header("s1"), Entries = [Utf8Entry("s1", 1)] }, CancellationToken.None);
        var writes = Enumerable.Range(2, 9)
            .Select(i => _store.WriteAsync(new SessionWrite { Session = Session($"agent:main:k{i}"), Entries = [Utf8Entry("s1", i)] }, CancellationToken.None))
            .ToList();
        var duplicate = _store.WriteAsync(
            new SessionWrite { Session = Session("agent:main:dup"), Entries = [Utf8Entry("s1", 11), Utf8Entry("s1", 5, """{"dup":true}""")] },
            CancellationToken.None);
        writes.AddRange(Enumerable.Range(12, 5)
            .Select(i => _store.WriteAsync(new SessionWrite { Entries = [Utf8Entry("s1", i)] }, CancellationToken.None)));

        // Act
        SqliteFile.Execute(blocker, "COMMIT;");
        var failure = await Record.ExceptionAsync(() => duplicate);
        await first;
        await Task.WhenAll(writes);

        // Assert
        failure.Should().BeOfType<SqliteException>().Which.SqliteErrorCode.Should().Be(19, "SQLITE_CONSTRAINT");
        var entries = await _store.ReadTranscriptAsync("s1", CancellationToken.None);
        entries.Select(e => e.Seq).Should().Equal(Enumerable.Range(1, 16).Where(i => i != 11).Select(i => (long)i), "the failed write is rolled back as a whole");
        entries.Single(e => e.Seq == 5).PayloadJson.Should().Be(Utf8Entry("s1", 5).PayloadJson);
        (await _store.GetSessionAsync("agent:main:dup", CancellationToken.None)).Should().BeNull();
        (await _store.GetSessionAsync("agent:main:k10", CancellationToken.None)).Should().NotBeNull();
    }

    [Fact]
    public async Task WriteAsync_AfterAFailedUtf8Insert_TheStatementStillWorks()
    {
        // Arrange
        await _store.WriteAsync(new SessionWrite { NewTranscript = Header("s1"), Entries = [Utf8Entry("s1", 1)] }, CancellationToken.None);
        var failed = await Record.ExceptionAsync(() => _store.WriteAsync(
            new SessionWrite { Entries = [Utf8Entry("s1", 2), Utf8Entry("s1", 1, """{"dup":true}""")] }, CancellationToken.None));

        // Act
        await _store.WriteAsync(new SessionWrite { Entries = [Utf8Entry("s1", 2, """{"after":"ünïcode"}""")] }, CancellationToken.None);
        await _store.WriteAsync(new SessionWrite { Entries = [Utf8Entry("s1", 3)] }, CancellationToken.None);

        // Assert
        failed.Should().BeOfType<SqliteException>();
        var entries = await _store.ReadTranscriptAsync("s1", CancellationToken.None);
        entries.Select(e => e.Seq).Should().Equal(1, 2, 3);
        entries[0].PayloadJson.Should().Be("""{"seq":1}""");
        entries[1].PayloadJson.Should().Be("""{"after":"ünïcode"}""");
    }

    [Fact]
    public async Task DisposeAsync_AfterUtf8Writes_ReopensWithTheData()
    {
        // Arrange
        await _store.WriteAsync(new SessionWrite { NewTranscript = Header("s1"), Entries = [Utf8Entry("s1", 1, """{"ü":1}""")] }, CancellationToken.None);

        // Act: the prepared UTF-8 statement must be finalized for the connection to close
        await _store.DisposeAsync();
        _store = new SqliteSessionStore(DatabasePath, fullSync: true);
        await _store.InitializeAsync(CancellationToken.None);

        // Assert
        (await _store.ReadTranscriptAsync("s1", CancellationToken.None)).Single().PayloadJson.Should().Be("""{"ü":1}""");
    }

    private static TranscriptEntry Utf8Entry(string sessionId, long seq, string? json = null) => TranscriptEntry.FromUtf8(
        sessionId, seq, $"e{seq:0000000}", seq == 1 ? null : $"e{seq - 1:0000000}", "message", "2026-11-22T03:36:09.988Z",
        Encoding.UTF8.GetBytes(json ?? $$"""{"seq":{{seq}}}"""));

    private SqliteFile Db => new(DatabasePath);
}
