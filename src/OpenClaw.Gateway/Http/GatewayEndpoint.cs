using OpenClaw.Core.Configuration;

namespace OpenClaw.Gateway.Http;

/// <summary>
/// What every gateway endpoint declares beside its route (http-api.md §1.2): whether it is part of the API (rate limit,
/// the drain guard), the config switch that turns it on, and whether its path holds a session key. The mapped
/// endpoints are the route table; <see cref="GatewayEndpointIndex"/> matches a path against them exactly.
/// </summary>
internal sealed record GatewayEndpoint(bool IsApi)
{
    public static readonly Func<ConfigSnapshot, bool> Always = _ => true;

    /// <summary>Off: the path is a 404, as if it were not mapped.</summary>
    public Func<ConfigSnapshot, bool> IsEnabled { get; init; } = Always;

    /// <summary>The path holds a session key, checked before the method (http-api.md §8a.1).</summary>
    public bool HasSessionKey { get; init; }
}

internal static class GatewayEndpointConventions
{
    /// <summary>Declares the endpoint a gateway route (see <see cref="GatewayEndpoint"/>).</summary>
    public static TBuilder WithGatewayRoute<TBuilder>(
        this TBuilder builder, bool api, Func<ConfigSnapshot, bool>? enabled = null, bool sessionKey = false)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new GatewayEndpoint(api) { IsEnabled = enabled ?? GatewayEndpoint.Always, HasSessionKey = sessionKey });
}
