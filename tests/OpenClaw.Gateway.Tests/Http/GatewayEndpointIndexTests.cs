using Microsoft.AspNetCore.Routing.Patterns;
using OpenClaw.Gateway.Http;

namespace OpenClaw.Gateway.Tests.Http;

public sealed class GatewayEndpointIndexTests
{
    [Theory]
    [InlineData("/v1/models", "/v1/models", true)]
    [InlineData("/v1/models", "/v1/models/", false)]
    [InlineData("/v1/models", "/V1/models", false)]
    [InlineData("/v1/models", "/v1", false)]
    [InlineData("/v1/models/{**id}", "/v1/models/", true)]
    [InlineData("/v1/models/{**id}", "/v1/models/openclaw/main", true)]
    [InlineData("/v1/models/{**id}", "/v1/models", false)]
    [InlineData("/sessions/{key}/history", "/sessions/agent:main:main/history", true)]
    [InlineData("/sessions/{key}/history", "/sessions//history", false)]
    [InlineData("/sessions/{key}/history", "/sessions/a/b/history", false)]
    [InlineData("/sessions/{key}/history", "/sessions/a/history/", false)]
    [InlineData("/health", "/health", true)]
    [InlineData("/health", "health", false)]
    [InlineData("/health", "/", false)]
    public void Matches_IsExact_CaseSensitive_AndCountsATrailingSlash(string pattern, string path, bool expected) =>
        GatewayEndpointIndex.Matches(RoutePatternFactory.Parse(pattern), path).Should().Be(expected);
}
