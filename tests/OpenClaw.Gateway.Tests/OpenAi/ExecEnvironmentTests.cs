using System.Net;
using OpenClaw.Gateway.Tests.Support;
using OpenClaw.Testing;

namespace OpenClaw.Gateway.Tests.OpenAi;

/// <summary>
/// Runs alone: it sets the gateway's own secrets (<c>OPENCLAW_GATEWAY_TOKEN</c>/<c>_PASSWORD</c>) in this process's
/// real environment, which other gateways in the process would read.
/// </summary>
[CollectionDefinition(nameof(GatewaySecretsInProcessCollection), DisableParallelization = true)]
public sealed class GatewaySecretsInProcessCollection;

/// <summary>
/// A model-driven <c>exec env</c> through the real tool loop: the result the model receives next holds none of the
/// secrets in the gateway's environment and config, only the allow-list and what the operator listed in
/// <c>tools.exec.passEnv</c>.
/// </summary>
[Collection(nameof(GatewaySecretsInProcessCollection))]
public sealed class ExecEnvironmentTests
{
    private const string ProviderKey = "sk-e2e-provider-key-5f1c0a";
    private const string EnvToken = "e2e-env-gateway-token-91b2";
    private const string EnvPassword = "e2e-env-gateway-password-77d3";

    [Fact]
    public async Task ExecEnv_TheModelSeesNoSecret_OnlyTheAllowListAndPassEnv()
    {
        // Arrange: names unique to this run, as the config's env block, a .env file and the operator's list use them.
        using var variables = new ProcessVariables();
        var envBlockSecret = ProcessVariables.UniqueName("E2E_ENV_BLOCK_SECRET");
        var dotEnvSecret = ProcessVariables.UniqueName("E2E_DOTENV_SECRET");
        var operatorListed = ProcessVariables.UniqueName("E2E_OPERATOR_LISTED");
        var listedKeyCopy = ProcessVariables.UniqueName("E2E_LISTED_KEY_COPY");
        foreach (var name in new[] { envBlockSecret, dotEnvSecret, operatorListed, listedKeyCopy })
        {
            variables.Restore(name);
        }

        variables.Set("OPENCLAW_GATEWAY_TOKEN", EnvToken);
        variables.Set("OPENCLAW_GATEWAY_PASSWORD", EnvPassword);
        await using var upstream = await FakeOpenAiUpstream.StartAsync();
        var config = TestConfigs.Upstream(upstream.BaseUrl, agents: "main")
            .Replace("apiKey: 'mock-local'", $"apiKey: '{ProviderKey}'", StringComparison.Ordinal)
            .Replace("update: {", $$"""
                env: { vars: { {{envBlockSecret}}: 'env-block-value-3a9e', {{operatorListed}}: 'operator-value-c4d8', {{listedKeyCopy}}: '{{ProviderKey}}' } },
                  tools: { allow: ['exec'], exec: { passEnv: ['{{operatorListed}}', '{{listedKeyCopy}}'] } },
                  update: {
                """, StringComparison.Ordinal);
        await using var gateway = new GatewayFactory(config);
        await File.WriteAllTextAsync(Path.Combine(gateway.StateDir, ".env"), $"{dotEnvSecret}=dotenv-value-6b0f\n");
        upstream.Enqueue(
            FakeUpstreamResponse.ToolCall("c1", "exec", """{"command":"env"}"""),
            FakeUpstreamResponse.Text("done"));

        // Act
        var response = await gateway.CreateAuthorizedClient().PostRawAsync(HttpTestExtensions.ChatBody("print the environment", "openclaw/main"));

        // Assert
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        Environment.GetEnvironmentVariable(envBlockSecret).Should().Be("env-block-value-3a9e", "the config's env block is in the gateway's environment");
        Environment.GetEnvironmentVariable(dotEnvSecret).Should().Be("dotenv-value-6b0f", "the .env file is in the gateway's environment");
        var toolResult = upstream.ChatRequests[1].Json!.RootElement.GetProperty("messages").EnumerateArray().Last().GetProperty("content").GetString()!;
        toolResult.Should().EndWith("[exit code: 0]");
        var lines = toolResult.Split('\n');
        lines.Should().Contain("PATH=" + Environment.GetEnvironmentVariable("PATH"));
        lines.Should().Contain($"{operatorListed}=operator-value-c4d8");
        foreach (var secret in new[] { ProviderKey, EnvToken, EnvPassword, TestConfigs.Token, "env-block-value-3a9e", "dotenv-value-6b0f" })
        {
            toolResult.Should().NotContain(secret);
        }

        foreach (var name in new[] { "OPENCLAW_GATEWAY_TOKEN", "OPENCLAW_GATEWAY_PASSWORD", envBlockSecret, dotEnvSecret, listedKeyCopy })
        {
            toolResult.Should().NotContain(name);
        }
    }
}
