using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using OpenClaw.Gateway.Hosting;
using OpenClaw.Gateway.OpenResponses;
using OpenClaw.Gateway.Tests.Support;
using OpenClaw.Sessions.Sqlite;

namespace OpenClaw.Gateway.Tests.OpenResponses;

/// <summary>The durable <c>previous_response_id</c> map: scope, TTL and cap (http-api.md §6.8).</summary>
public sealed class PreviousResponsesTests : IAsyncLifetime
{
    private static readonly ResponseScope Alice = new("bearer:aa", "main", null);

    private readonly string _dir = Directory.CreateTempSubdirectory("openclaw-prev-").FullName;
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-12-07T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
    private SqliteSessionStore _store = null!;

    public async Task InitializeAsync()
    {
        _store = new SqliteSessionStore(Path.Combine(_dir, "sessions.db"), fullSync: false);
        await _store.InitializeAsync(CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await _store.DisposeAsync();
        GatewayFactory.TryDelete(_dir);
    }

    [Fact]
    public async Task Recorded_IsFoundInScope_AndNotOutOfIt()
    {
        var map = Map();

        await map.RecordAsync("resp_1", "agent:main:openresponses:x", Alice, CancellationToken.None);

        (await map.FindSessionKeyAsync("resp_1", Alice, CancellationToken.None)).Should().Be("agent:main:openresponses:x");
        (await map.FindSessionKeyAsync("resp_1", Alice with { AuthSubject = "bearer:bb" }, CancellationToken.None)).Should().BeNull();
        (await map.FindSessionKeyAsync("resp_1", Alice with { AgentId = "beta" }, CancellationToken.None)).Should().BeNull();
        (await map.FindSessionKeyAsync("resp_1", Alice with { RequestedSessionKey = "k" }, CancellationToken.None)).Should().BeNull();
        (await map.FindSessionKeyAsync("resp_2", Alice, CancellationToken.None)).Should().BeNull();
        (await map.FindSessionKeyAsync(null, Alice, CancellationToken.None)).Should().BeNull();
    }

    [Fact]
    public async Task Entry_ExpiresAfterTheTtl()
    {
        var map = Map(ttlMinutes: 30);
        await map.RecordAsync("resp_1", "agent:main:k", Alice, CancellationToken.None);

        _time.Advance(TimeSpan.FromMinutes(29));
        var before = await map.FindSessionKeyAsync("resp_1", Alice, CancellationToken.None);
        _time.Advance(TimeSpan.FromMinutes(1));
        var after = await map.FindSessionKeyAsync("resp_1", Alice, CancellationToken.None);

        before.Should().Be("agent:main:k");
        after.Should().BeNull();
    }

    [Fact]
    public async Task BeyondTheCap_TheOldestAreForgotten()
    {
        var map = Map(maxEntries: 500);

        for (var i = 0; i < 505; i++)
        {
            await map.RecordAsync($"resp_{i}", $"agent:main:k{i}", Alice, CancellationToken.None);
        }

        for (var i = 0; i < 5; i++)
        {
            (await map.FindSessionKeyAsync($"resp_{i}", Alice, CancellationToken.None)).Should().BeNull();
        }

        (await map.FindSessionKeyAsync("resp_5", Alice, CancellationToken.None)).Should().Be("agent:main:k5");
        (await map.FindSessionKeyAsync("resp_504", Alice, CancellationToken.None)).Should().Be("agent:main:k504");
    }

    [Fact]
    public void AuthSubject_IsTheCredentialsHash_NeverTheCredential()
    {
        var request = new Microsoft.AspNetCore.Http.DefaultHttpContext().Request;
        request.Headers.Authorization = "Bearer secret-token";

        var subject = ResponseScope.AuthSubjectOf(request, "token");

        subject.Should().Be("bearer:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData("secret-token"u8)));
        ResponseScope.AuthSubjectOf(new Microsoft.AspNetCore.Http.DefaultHttpContext().Request, "none").Should().Be("gateway-auth:none");
    }

    private PreviousResponses Map(int ttlMinutes = 30, int maxEntries = 500) => new(
        _store,
        Options.Create(new GatewayHttpOptions { Responses = new ResponsesHttpOptions { PreviousResponseTtlMinutes = ttlMinutes, PreviousResponseMaxEntries = maxEntries } }),
        _time,
        NullLogger<PreviousResponses>.Instance);
}
