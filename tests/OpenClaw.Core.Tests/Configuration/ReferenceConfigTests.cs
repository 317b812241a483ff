using OpenClaw.Core.Configuration;
using OpenClaw.Testing;

namespace OpenClaw.Core.Tests.Configuration;

/// <summary>The config `shared/peer/run-reference.sh` writes for the original gateway must load here unchanged.</summary>
public sealed class ReferenceConfigTests : IDisposable
{
    // Verbatim from shared/peer/README.md, "Generated config".
    private const string ReferenceConfig = """
        {
          gateway: { mode: "local", port: 18789, bind: "loopback",
            auth: { mode: "token", token: "ref-token-0123456789" },
            http: { endpoints: { chatCompletions: { enabled: true }, responses: { enabled: true } } } },
          agents: {
            ownership: "explicit",                       // only with >1 agent (what `openclaw doctor --fix` writes)
            defaults: { model: { primary: "mock/mock-model" }, heartbeat: { every: "0m" },
                        systemAgent: { agentId: "main" } },
            entries: { main: { name: "Main" }, beta: { name: "Beta" } } },
          models: { mode: "replace", catalogRefresh: { enabled: false },
            providers: { mock: { baseUrl: "http://127.0.0.1:18900/v1", apiKey: "mock-local", api: "openai-completions",
              models: [{ id: "mock-model", name: "Mock Model", reasoning: false, input: ["text"],
                         cost: { input: 0, output: 0, cacheRead: 0, cacheWrite: 0 }, contextWindow: 128000, maxTokens: 4096 }] } } },
          update: { checkOnStart: false }, telemetry: { enabled: false }, discovery: { mdns: { mode: "off" } },
          logging: { file: "/tmp/openclaw-ref/logs/openclaw.log" },
          skills: { workshop: { autonomous: { mode: "off" } } }   // REF_SELF_LEARNING; OpenClaw default is "auto"
        }
        """;

    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Load_ReferenceRunnerConfig_LoadsWithOnlyWarnings()
    {
        // Arrange
        var path = _temp.Write("state/openclaw.json", ReferenceConfig);
        var paths = new OpenClawPaths(_temp.Combine("state"), path);

        // Act
        var snapshot = ConfigLoader.Load(paths, environment: new DictionaryEnvironment());

        // Assert
        var config = snapshot.Config;
        config.Warnings.Should().BeEquivalentTo(
            "update is not supported by this gateway and is ignored",
            "telemetry is not supported by this gateway and is ignored",
            "discovery is not supported by this gateway and is ignored",
            "logging is not supported by this gateway and is ignored",
            "skills is not supported by this gateway and is ignored");
        config.Gateway.Port.Should().Be(18789);
        config.Gateway.Auth.Token.Should().Be("ref-token-0123456789");
        config.Gateway.Http.ChatCompletionsEnabled.Should().BeTrue();
        config.Gateway.Http.ResponsesEnabled.Should().BeTrue();
        snapshot.Agents.Agents.Select(a => a.Id).Should().Equal("main", "beta");
        snapshot.Agents.DefaultAgentId.Should().Be("main");
        config.Agents.Defaults.Model!.Primary.Should().Be("mock/mock-model");
        config.Models.Mode.Should().Be("replace");
        var mock = config.Models.Providers.Single();
        (mock.Id, mock.BaseUrl, mock.ApiKey).Should().Be(("mock", "http://127.0.0.1:18900/v1", "mock-local"));
        mock.Models.Single().MaxTokens.Should().Be(4096);
    }

    [Fact]
    public void Load_ReferenceRunnerConfigAsWrittenJson_IsAccepted()
    {
        // Arrange: run-reference.sh serializes with JSON.stringify; the JSON form of the same config must load too.
        var json = Json5.Parse(ReferenceConfig)!.ToJsonString(new() { WriteIndented = true });
        var path = _temp.Write("state/openclaw.json", json);

        // Act
        var snapshot = ConfigLoader.Load(new OpenClawPaths(_temp.Combine("state"), path), environment: new DictionaryEnvironment());

        // Assert
        snapshot.Config.Warnings.Should().HaveCount(5);
        snapshot.Agents.Agents.Should().HaveCount(2);
    }
}
