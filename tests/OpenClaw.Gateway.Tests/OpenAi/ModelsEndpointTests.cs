using System.Net;
using OpenClaw.Gateway.OpenAi;
using OpenClaw.Gateway.Tests.Support;

namespace OpenClaw.Gateway.Tests.OpenAi;

/// <summary><c>GET /v1/models</c> and <c>/v1/models/{id}</c> (http-api.md §5).</summary>
public sealed class ModelsEndpointTests
{
    private const string TwoAgentsObserved =
        """{"object":"list","data":[{"id":"openclaw","object":"model","created":0,"owned_by":"openclaw","permission":[]},{"id":"openclaw/default","object":"model","created":0,"owned_by":"openclaw","permission":[]},{"id":"openclaw/main","object":"model","created":0,"owned_by":"openclaw","permission":[]},{"id":"openclaw/beta","object":"model","created":0,"owned_by":"openclaw","permission":[]}]}""";

    [Fact]
    public async Task List_TwoAgents_IsTheObservedBody_T64()
    {
        await using var gateway = new GatewayFactory(TestConfigs.TwoAgentsEcho);

        var response = await gateway.CreateAuthorizedClient().GetAsync(new Uri("/v1/models", UriKind.Relative));

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.ToString().Should().Be("application/json; charset=utf-8");
        response.Content.Headers.ContentLength.Should().Be(TwoAgentsObserved.Length, "the original sends a Content-Length, not chunks");
        (await response.Content.ReadAsStringAsync()).Should().Be(TwoAgentsObserved);
    }

    [Fact]
    public async Task List_ImplicitMainAgent_IsThreeIds_T102()
    {
        await using var gateway = new GatewayFactory();

        var json = await (await gateway.CreateAuthorizedClient().GetAsync(new Uri("/v1/models", UriKind.Relative))).JsonAsync();

        json.GetProperty("data").EnumerateArray().Select(m => m.GetProperty("id").GetString()).Should().Equal("openclaw", "openclaw/default", "openclaw/main");
    }

    [Fact]
    public async Task List_DefaultAgentNotFirstInConfig_IsListedThirdAndOnlyOnce()
    {
        await using var gateway = new GatewayFactory($$"""
            { gateway: { auth: { token: '{{TestConfigs.Token}}' }, http: { endpoints: { responses: { enabled: true } } } },
              agents: { list: [ { id: 'alpha' }, { id: 'beta', default: true }, { id: 'gamma' } ] } }
            """);

        var json = await (await gateway.CreateAuthorizedClient().GetAsync(new Uri("/v1/models", UriKind.Relative))).JsonAsync();

        json.GetProperty("data").EnumerateArray().Select(m => m.GetProperty("id").GetString())
            .Should().Equal("openclaw", "openclaw/default", "openclaw/beta", "openclaw/alpha", "openclaw/gamma");
    }

    [Theory]
    [InlineData("/v1/models/openclaw%2Fbeta", "openclaw/beta")]
    [InlineData("/v1/models/openclaw/beta", "openclaw/beta")]
    [InlineData("/v1/models/openclaw", "openclaw")]
    [InlineData("/v1/models/openclaw%2fdefault", "openclaw/default")]
    public async Task Get_KnownId_IsTheSingleObject_T66_T67(string path, string id)
    {
        await using var gateway = new GatewayFactory(TestConfigs.TwoAgentsEcho);

        var response = await gateway.CreateAuthorizedClient().GetAsync(new Uri(path, UriKind.Relative));

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).Should().Be($$"""{"id":"{{id}}","object":"model","created":0,"owned_by":"openclaw","permission":[]}""");
    }

    [Fact]
    public async Task Get_EncodedSlashOverRealKestrel_IsDecodedOnce_WithAContentLength()
    {
        await using var gateway = await KestrelGateway.StartAsync(TestConfigs.TwoAgentsEcho);
        using var client = new HttpClient { BaseAddress = gateway.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new("Bearer", TestConfigs.Token);

        var found = await client.GetAsync(new Uri("/v1/models/openclaw%2Fbeta", UriKind.Relative));
        var doubleEncoded = await client.GetAsync(new Uri("/v1/models/openclaw%252Fbeta", UriKind.Relative));

        found.StatusCode.Should().Be(HttpStatusCode.OK);
        found.Headers.TransferEncodingChunked.Should().NotBe(true);
        found.Content.Headers.ContentLength.Should().BePositive("the original sends a Content-Length, not chunks");
        (await found.JsonAsync()).GetProperty("id").GetString().Should().Be("openclaw/beta");
        doubleEncoded.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await doubleEncoded.ErrorMessageAsync()).Should().Be("Model 'openclaw%2Fbeta' not found.");
    }

    [Fact]
    public async Task Get_UnknownId_Is404_T68()
    {
        await using var gateway = new GatewayFactory(TestConfigs.TwoAgentsEcho);

        var response = await gateway.CreateAuthorizedClient().GetAsync(new Uri("/v1/models/openclaw%2Fnope", UriKind.Relative));

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await response.Content.ReadAsStringAsync()).Should().Be("""{"error":{"message":"Model 'openclaw/nope' not found.","type":"invalid_request_error"}}""");
    }

    [Theory]
    [InlineData("/v1/models/", "Missing model id.")]
    [InlineData("/v1/models/openclaw%2", "Invalid model id encoding.")]
    [InlineData("/v1/models/%E0%A4%A", "Invalid model id encoding.")]
    [InlineData("/v1/models/%FF", "Invalid model id encoding.")]
    public async Task Get_BadId_Is400(string path, string message)
    {
        await using var gateway = new GatewayFactory(TestConfigs.TwoAgentsEcho);

        var response = await gateway.CreateAuthorizedClient().GetAsync(new Uri(path, UriKind.Relative));

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync()).Should().Be($$$"""{"error":{"message":"{{{message}}}","type":"invalid_request_error"}}""");
    }

    [Theory]
    [InlineData("/v1/models")]
    [InlineData("/v1/models/openclaw")]
    public async Task WrongMethod_Is405AllowGet_BeforeAuth(string path)
    {
        await using var gateway = new GatewayFactory(TestConfigs.TwoAgentsEcho);

        var response = await gateway.CreateClient().SendAsync(HttpTestExtensions.Request(HttpMethod.Post, path, "{}"));

        response.StatusCode.Should().Be(HttpStatusCode.MethodNotAllowed);
        response.Content.Headers.Allow.Should().Equal("GET");
    }

    [Fact]
    public async Task NoToken_Is401()
    {
        await using var gateway = new GatewayFactory(TestConfigs.TwoAgentsEcho);

        var response = await gateway.CreateClient().GetAsync(new Uri("/v1/models", UriKind.Relative));

        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData("/v1/models")]
    [InlineData("/v1/models/openclaw")]
    public async Task BothEndpointsDisabled_IsNotRouted_T108(string path)
    {
        await using var gateway = new GatewayFactory($$"""{ gateway: { auth: { token: '{{TestConfigs.Token}}' } } }""");

        var response = await gateway.CreateAuthorizedClient().GetAsync(new Uri(path, UriKind.Relative));

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await response.Content.ReadAsStringAsync()).Should().Be("Not Found");
    }

    [Fact]
    public async Task NoneMode_ScopeHeaderWithoutRead_Is403()
    {
        await using var gateway = new GatewayFactory("""
            { gateway: { auth: { mode: 'none' }, http: { endpoints: { chatCompletions: { enabled: true } } } } }
            """);
        var client = gateway.CreateClient();

        var approvals = await client.SendAsync(HttpTestExtensions.Request(HttpMethod.Get, "/v1/models", null, headers: ("x-openclaw-scopes", "operator.approvals")));
        var write = await client.SendAsync(HttpTestExtensions.Request(HttpMethod.Get, "/v1/models", null, headers: ("x-openclaw-scopes", "operator.write")));

        approvals.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await approvals.Content.ReadAsStringAsync()).Should().Be("""{"ok":false,"error":{"type":"forbidden","message":"missing scope: operator.read"}}""");
        write.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Theory]
    [InlineData("abc", true, "abc")]
    [InlineData("a%20b", true, "a b")]
    [InlineData("%F0%9F%A6%9E", true, "🦞")]
    [InlineData("%", false, "")]
    [InlineData("%zz", false, "")]
    [InlineData("%C3", false, "")]
    public void TryDecode_IsStrictLikeDecodeUriComponent(string encoded, bool ok, string expected)
    {
        ModelsEndpoints.TryDecode(encoded, out var decoded).Should().Be(ok);
        if (ok)
        {
            decoded.Should().Be(expected);
        }
    }
}
