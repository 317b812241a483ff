using Microsoft.Extensions.Options;
using OpenClaw.Core.Configuration;
using OpenClaw.Core.Runs;
using OpenClaw.Core.Tools;
using OpenClaw.Gateway.Hosting;
using OpenClaw.Gateway.Images;

namespace OpenClaw.Gateway.OpenAi;

/// <summary>What the chat completions handler needs, bundled in one singleton.</summary>
internal sealed class ChatCompletionServices(
    IConfigSource config,
    AgentRunner runner,
    IProcessEnvironment environment,
    IAgentToolCatalog tools,
    IOptions<GatewayHttpOptions> http,
    TimeProvider time,
    ImageInputReader images,
    ChatStreamMonitor streams,
    Http.BodyBudget bodies)
{
    public IConfigSource Config { get; } = config;

    public AgentRunner Runner { get; } = runner;

    public IProcessEnvironment Environment { get; } = environment;

    /// <summary>The agents' built-in tools, which client tools must not shadow.</summary>
    public IAgentToolCatalog Tools { get; } = tools;

    public IOptions<GatewayHttpOptions> Http { get; } = http;

    public TimeProvider Time { get; } = time;

    public ImageInputReader Images { get; } = images;

    public ChatStreamMonitor Streams { get; } = streams;

    /// <summary>The budget of request-body bytes in flight.</summary>
    public Http.BodyBudget Bodies { get; } = bodies;

    /// <summary>How a stream of this request is served; its stall limit is the run's timeout.</summary>
    public ChatStreamSettings StreamSettings(HttpRequest request, AgentRunRequest run)
    {
        var http = Http.Value;
        var stallLimit = TimeSpan.FromSeconds(run.TimeoutSeconds ?? Config.Current.Config.Agents.Defaults.TimeoutSeconds);
        return new ChatStreamSettings(http.SseKeepAlive, http.MaxStreamBufferBytes, Streams, stallLimit, Time)
        {
            AgentActivity = OpenAi.AgentActivity.IsRequested(request, http),
        };
    }
}
