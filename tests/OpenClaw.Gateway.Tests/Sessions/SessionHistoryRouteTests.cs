using System.Net;
using System.Text.Json;
using OpenClaw.Gateway.Tests.Support;
using OpenClaw.Gateway.Tests.WebSockets;

namespace OpenClaw.Gateway.Tests.Sessions;

/// <summary><c>GET /sessions/{key}/history</c> as JSON (http-api.md §8a.1–8a.2).</summary>
public sealed class SessionHistoryRouteTests : IAsyncLifetime
{
    private const string Path = "/sessions/agent%3Amain%3Aopenai-user%3Ahist/history";
    private KestrelGateway _gateway = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _gateway = await KestrelGateway.StartAsync(TestConfigs.EchoOnly);
        _client = _gateway.CreateClient();
        for (var i = 1; i <= 3; i++)
        {
            await _gateway.HttpChatAsync("hist", $"turn {i}");
        }
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _gateway.DisposeAsync();
    }

    [Fact]
    public async Task History_WithoutLimit_IsTheWholeTranscript_InItemsAndMessages()
    {
        var body = await GetJsonAsync(Path);

        body.GetProperty("sessionKey").GetString().Should().Be("agent:main:openai-user:hist");
        Texts(body.GetProperty("items")).Should().Equal("turn 1", "echo: turn 1", "turn 2", "echo: turn 2", "turn 3", "echo: turn 3");
        body.GetProperty("messages").GetRawText().Should().Be(body.GetProperty("items").GetRawText());
        body.GetProperty("hasMore").GetBoolean().Should().BeFalse();
        body.TryGetProperty("nextCursor", out _).Should().BeFalse();
        string.Join(",", body.EnumerateObject().Select(p => p.Name)).Should().Be("sessionKey,items,messages,hasMore");
    }

    [Fact]
    public async Task History_PagesBackwards_WithLimitAndNextCursor()
    {
        var newest = await GetJsonAsync(Path + "?limit=2");
        var older = await GetJsonAsync(Path + "?limit=2&cursor=" + newest.GetProperty("nextCursor").GetString());
        var oldest = await GetJsonAsync(Path + "?limit=2&cursor=seq:3");

        Texts(newest.GetProperty("items")).Should().Equal("turn 3", "echo: turn 3");
        newest.GetProperty("nextCursor").GetString().Should().Be("5");
        Texts(older.GetProperty("items")).Should().Equal("turn 2", "echo: turn 2");
        older.GetProperty("nextCursor").GetString().Should().Be("3");
        Texts(oldest.GetProperty("items")).Should().Equal("turn 1", "echo: turn 1");
        oldest.GetProperty("hasMore").GetBoolean().Should().BeFalse();
        oldest.TryGetProperty("nextCursor", out _).Should().BeFalse();
    }

    [Fact]
    public async Task History_ABareKey_BelongsToTheDefaultAgent_AndALimitOver1000Is1000()
    {
        var body = await GetJsonAsync("/sessions/openai-user%3Ahist/history?limit=99999999999999999999999");

        body.GetProperty("sessionKey").GetString().Should().Be("agent:main:openai-user:hist");
        body.GetProperty("items").GetArrayLength().Should().Be(6);
    }

    [Theory]
    [InlineData("limit=0", "limit must be a positive integer")]
    [InlineData("limit=-1", "limit must be a positive integer")]
    [InlineData("limit=1.5", "limit must be a positive integer")]
    [InlineData("limit=abc", "limit must be a positive integer")]
    [InlineData("limit=", "limit must be a positive integer")]
    [InlineData("cursor=0", "cursor must be a positive integer")]
    [InlineData("cursor=seq:", "cursor must be a positive integer")]
    [InlineData("cursor=x5", "cursor must be a positive integer")]
    [InlineData("cursor=9007199254740992", "cursor must be a positive integer")]
    public async Task History_BadPaging_Is400(string query, string message)
    {
        using var response = await _client.GetAsync(Path + "?" + query);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync()).Should().Be($$$"""{"error":{"message":"{{{message}}}","type":"invalid_request_error"}}""");
    }

    [Fact]
    public async Task History_UnknownSession_Is404_WithTheKeyAsSent()
    {
        using var response = await _client.GetAsync("/sessions/%20Nope%20/history");

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await response.Content.ReadAsStringAsync()).Should().Be("""{"ok":false,"error":{"type":"not_found","message":"Session not found: Nope"}}""");
    }

    [Theory]
    [InlineData("/sessions/%ZZ/history")]
    [InlineData("/sessions/%2/history")]
    [InlineData("/sessions/%FF/history")]
    [InlineData("/sessions/%20/history")]
    public async Task AnInvalidKey_Is400_BeforeTheMethodAndAuth(string path)
    {
        // Raw bytes: HttpClient would re-escape the stray '%'.
        await using var connection = await Http.RawHttpConnection.OpenAsync(_gateway);

        await connection.SendAsync(Http.RawHttpConnection.Head("POST", path, ["Content-Length: 0"]));
        var reply = await connection.ReadReplyAsync();

        reply.Should().StartWith("HTTP/1.1 400 ");
        reply.Should().EndWith("""{"error":{"message":"invalid session key","type":"invalid_request_error"}}""");
    }

    [Fact]
    public async Task History_ByAnAbsoluteFormTarget_ReadsTheSameKey()
    {
        await using var connection = await Http.RawHttpConnection.OpenAsync(_gateway);

        await connection.SendAsync(Http.RawHttpConnection.Head("GET", "http://localhost" + Path, [$"Authorization: Bearer {TestConfigs.Token}"]));
        var reply = await connection.ReadReplyAsync();

        reply.Should().StartWith("HTTP/1.1 200 ").And.Contain("\"sessionKey\":\"agent:main:openai-user:hist\"");
    }

    [Theory]
    [InlineData("POST", "/sessions/k/history", "GET")]
    [InlineData("HEAD", "/sessions/k/history", "GET")]
    [InlineData("GET", "/sessions/k/kill", "POST")]
    public async Task TheWrongMethod_Is405_WithAllow(string method, string path, string allow)
    {
        using var response = await _client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        response.StatusCode.Should().Be(HttpStatusCode.MethodNotAllowed);
        response.Content.Headers.Allow.Should().Equal(allow);
    }

    [Theory]
    [InlineData("/sessions/k/history/")]
    [InlineData("/sessions/k/x/history")]
    [InlineData("/sessions//history")]
    public async Task OtherShapes_Are404(string path)
    {
        (await _client.GetAsync(path)).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task History_WithoutCredentials_Is401()
    {
        using var anonymous = _gateway.CreateClient(token: null);

        (await anonymous.GetAsync(Path)).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task History_CutsTextsOver8000Characters_AndMarksTheCut()
    {
        await _gateway.HttpChatAsync("long", new string('a', 7999) + "😀" + new string('b', 100));

        var body = await GetJsonAsync("/sessions/agent%3Amain%3Aopenai-user%3Along/history");

        Texts(body.GetProperty("items")).First().Should().Be(new string('a', 7999) + "\n...(truncated)...", "the cut never splits a surrogate pair");
    }

    [Fact]
    public async Task History_WithoutOperatorRead_Is403()
    {
        await using var gateway = await KestrelGateway.StartAsync("{ gateway: { auth: { mode: 'none' } } }");
        using var client = gateway.CreateClient(token: null);
        client.DefaultRequestHeaders.Add("x-openclaw-scopes", "operator.approvals");

        using var response = await client.GetAsync("/sessions/k/history");

        response.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await response.Content.ReadAsStringAsync()).Should().Be("""{"ok":false,"error":{"type":"forbidden","message":"missing scope: operator.read"}}""");
    }

    private async Task<JsonElement> GetJsonAsync(string path)
    {
        using var response = await _client.GetAsync(path);
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.JsonAsync();
    }

    private static IEnumerable<string> Texts(JsonElement messages) => messages.EnumerateArray().Select(m =>
        m.GetProperty("content") is { ValueKind: JsonValueKind.String } text
            ? text.GetString()!
            : string.Concat(m.GetProperty("content").EnumerateArray().Select(b => b.GetProperty("text").GetString())));
}
