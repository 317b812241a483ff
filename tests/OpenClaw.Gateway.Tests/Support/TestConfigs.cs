namespace OpenClaw.Gateway.Tests.Support;

/// <summary>openclaw.json (JSON5) texts used by the tests.</summary>
internal static class TestConfigs
{
    public const string Token = "test-token-0123456789";

    /// <summary>Chat completions on, token auth, one implicit agent, the offline echo model.</summary>
    public const string EchoOnly = $$"""
        {
          gateway: { auth: { mode: 'token', token: '{{Token}}' }, http: { endpoints: { chatCompletions: { enabled: true } } } },
        }
        """;

    /// <summary>Agents <c>main</c> and <c>beta</c> on the echo model.</summary>
    public const string TwoAgentsEcho = $$"""
        {
          gateway: { auth: { token: '{{Token}}' }, http: { endpoints: { chatCompletions: { enabled: true } } } },
          agents: { defaults: { systemAgent: { agentId: 'main' } }, entries: { main: { name: 'Main' }, beta: { name: 'Beta' } } },
        }
        """;

    /// <summary>
    /// The reference setup of http-api.md §0 against <paramref name="upstream"/>: agents main and beta. Optional:
    /// refs for <c>agents.defaults.model.fallbacks</c>, more <c>models.providers</c> entries (JSON5 members), and
    /// the <c>api</c> kind of the <c>mock</c> provider.
    /// </summary>
    public static string Upstream(
        Uri upstream, string agents = "main,beta", string extraGateway = "", string extraDefaults = "", bool chatEnabled = true,
        string fallbacks = "", string extraProviders = "", string api = "openai-completions") => $$"""
        {
          gateway: {
            mode: 'local',
            auth: { mode: 'token', token: '{{Token}}' },
            http: { endpoints: { chatCompletions: { enabled: {{(chatEnabled ? "true" : "false")}} }, responses: { enabled: true } } },
            {{extraGateway}}
          },
          agents: {
            ownership: 'explicit',
            defaults: { model: { primary: 'mock/mock-model', fallbacks: [{{fallbacks}}] }, heartbeat: { every: '0m' }, systemAgent: { agentId: 'main' }, {{extraDefaults}} },
            entries: { {{string.Join(", ", agents.Split(',').Select(a => $"{a}: {{ name: '{a}' }}"))}} },
          },
          models: {
            mode: 'replace',
            providers: {
              mock: {
                baseUrl: '{{upstream.AbsoluteUri.TrimEnd('/')}}', apiKey: 'mock-local', api: '{{api}}',
                models: [{ id: 'mock-model', name: 'Mock Model', reasoning: false, input: ['text'], contextWindow: 128000, maxTokens: 4096 }],
              },
              {{extraProviders}}
            },
          },
          update: { checkOnStart: false },
        }
        """;
}
