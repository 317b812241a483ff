using OpenClaw.Gateway.WebSockets.Methods;

namespace OpenClaw.Gateway.WebSockets;

internal static class SocketServiceCollectionExtensions
{
    /// <summary>The WebSocket control plane: options, the hub, the event broadcaster and the method groups.</summary>
    public static IServiceCollection AddGatewaySockets(this IServiceCollection services)
    {
        services.AddOptionsWithValidateOnStart<GatewaySocketOptions, GatewaySocketOptionsValidator>().BindConfiguration(GatewaySocketOptions.SectionName);
        services.AddSingleton<SocketHub>();
        services.AddSingleton<SocketAdmission>();
        services.AddHostedService(sp => sp.GetRequiredService<SocketHub>());
        services.AddSingleton<HealthService>();
        services.AddSingleton<SocketRuns>();
        services.AddSingleton<AgentEventBroadcaster>();
        services.AddHostedService(sp => sp.GetRequiredService<AgentEventBroadcaster>());

        // Method groups, in the order hello-ok lists their methods.
        services.AddSingleton<ISocketMethods, HealthMethods>();
        services.AddSingleton<ISocketMethods, ConfigMethods>();
        services.AddSingleton<ISocketMethods, CatalogMethods>();
        services.AddSingleton<ISocketMethods, SessionMethods>();
        services.AddSingleton<ISocketMethods, ChatMethods>();
        services.AddSingleton<ISocketMethods, AgentMethods>();
        services.AddSingleton<SocketRpcDispatcher>();
        services.AddSingleton<HelloBuilder>();
        services.AddSingleton<ConnectHandshake>();
        services.AddSingleton<GatewaySocketHandler>();
        return services;
    }
}
