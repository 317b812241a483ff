using OpenClaw.Core.Configuration;
using OpenClaw.Core.Hosting;
using OpenClaw.Gateway.Http;

namespace OpenClaw.Gateway.Hosting;

internal static class GatewayServiceCollectionExtensions
{
    /// <summary>Host settings from appsettings.json / <c>OpenClaw__*</c>, validated at startup.</summary>
    public static IServiceCollection AddGatewayOptions(this IServiceCollection services)
    {
        services.AddOptionsWithValidateOnStart<GatewayHttpOptions, GatewayHttpOptionsValidator>().BindConfiguration(GatewayHttpOptions.SectionName);
        services.AddOptionsWithValidateOnStart<GatewayStorageOptions, GatewayStorageOptionsValidator>().BindConfiguration(GatewayStorageOptions.SectionName);
        services.AddOptionsWithValidateOnStart<GatewayRateLimitOptions, GatewayRateLimitOptionsValidator>().BindConfiguration(GatewayRateLimitOptions.SectionName);
        services.AddOptions<GatewayToolOptions>().BindConfiguration(GatewayToolOptions.SectionName);
        services.AddOptionsWithValidateOnStart<GatewayLoggingOptions, GatewayLoggingOptionsValidator>().BindConfiguration(GatewayLoggingOptions.SectionName);
        return services;
    }

    /// <summary>
    /// The agent runtime of OpenClaw.Core with the store <c>OpenClaw:Storage:Provider</c> names, and the gateway's
    /// services around it (request intake, the OpenAI and Responses endpoints' helpers, startup).
    /// </summary>
    public static IServiceCollection AddAgentRuntime(this IServiceCollection services, IConfigSource config, IConfiguration settings)
    {
        services.AddOpenClawCore(config).UseConfiguredStore(settings);
        services.AddSingleton<GatewayLifecycle>();
        services.AddSingleton<GatewayEndpointIndex>();
        services.AddSingleton<Images.RemoteMediaFetcher>();
        services.AddSingleton<Images.ImageInputReader>();
        services.AddSingleton<OpenResponses.Media.ResponseMediaReader>();
        services.AddSingleton<MemoryReclaimer>();
        services.AddSingleton<BodyBudget>();
        services.AddSingleton<OpenAi.ChatCompletionServices>();
        services.AddSingleton<OpenResponses.PreviousResponses>();
        services.AddSingleton<OpenResponses.ResponsesServices>();
        services.AddSingleton<OpenAi.ChatStreamMonitor>();
        services.AddSingleton<Sessions.SessionHistoryStreams>();
        services.AddHostedService<GatewayStartupService>();
        return services;
    }
}
