using OpenClaw.Core.Tests.Support;

namespace OpenClaw.Core.Tests.Configuration;

/// <summary><c>tools.exec.passEnv</c>: the variables exec commands get besides the built-in allow-list.</summary>
public sealed class ConfigBinderExecTests
{
    [Fact]
    public void Bind_PassEnv_BindsNamesAndPrefixes()
    {
        // Act
        var config = TestConfig.Bind("{ tools: { exec: { passEnv: [' GITHUB_TOKEN ', 'NODE_*', '_X1', 'OPENCLAW_*'] } } }");

        // Assert
        config.Tools.ExecPassEnv.Should().Equal("GITHUB_TOKEN", "NODE_*", "_X1", "OPENCLAW_*");
        config.Warnings.Should().BeEmpty();
    }

    [Fact]
    public void Bind_NoPassEnv_IsEmpty() =>
        TestConfig.Bind("{ tools: { exec: { timeoutSeconds: 5 } } }").Tools.ExecPassEnv.Should().BeEmpty();

    [Theory]
    [InlineData("passEnv: 'PATH'", "tools.exec.passEnv: expected array, received string")]
    [InlineData("passEnv: [1]", "tools.exec.passEnv[0]: expected string, received number")]
    [InlineData("passEnv: ['*']", "tools.exec.passEnv[0]: \"*\" would pass the whole environment; list variable names or prefixes such as \"NODE_*\"")]
    [InlineData("passEnv: [' ']", "tools.exec.passEnv[0]: expected a variable name, received an empty string")]
    [InlineData("passEnv: ['OK', 'A=B']", "tools.exec.passEnv[1]: \"A=B\" is not a variable name (letters, digits and _, optionally ending in *)")]
    [InlineData("passEnv: ['1ABC']", "tools.exec.passEnv[0]: \"1ABC\" is not a variable name (letters, digits and _, optionally ending in *)")]
    [InlineData("passEnv: ['A*B*']", "tools.exec.passEnv[0]: \"A*B*\" is not a variable name (letters, digits and _, optionally ending in *)")]
    public void Bind_InvalidPassEnv_FailsNamingTheEntry(string exec, string expected) =>
        TestConfig.BindError($"{{ tools: {{ exec: {{ {exec} }} }} }}").Should().Be("invalid config: " + expected);

    [Theory]
    [InlineData("{}", "OPENCLAW_GATEWAY_TOKEN")]
    [InlineData("{}", "OPENCLAW_GATEWAY_PASSWORD")]
    [InlineData("{}", "OPENAI_API_KEY")]
    [InlineData("{}", "ANTHROPIC_API_KEY")]
    [InlineData("{ mode: 'replace', providers: { 'my-llm': { baseUrl: 'http://127.0.0.1:9', models: [] } } }", "MY_LLM_API_KEY")]
    [InlineData("{ mode: 'replace', providers: { mock: { baseUrl: 'http://127.0.0.1:9', apiKey: 'MOCK_SECRET', models: [] } } }", "MOCK_SECRET")]
    public void Bind_PassEnvListingAGatewaySecretOrProviderKey_IsAnError(string models, string name)
    {
        // Act
        var message = TestConfig.BindError($"{{ models: {models}, tools: {{ exec: {{ passEnv: ['PATH_EXTRA', '{name}'] }} }} }}");

        // Assert
        message.Should().Be($"invalid config: tools.exec.passEnv[1]: {name} holds a gateway secret or a model provider's API key and is never passed to exec commands");
    }

    [Fact]
    public void Bind_PassEnvListingTheKeyOfAnImplicitProvider_IsFineInReplaceMode()
    {
        // Act: in replace mode the gateway never reads OPENAI_API_KEY, so it is the operator's to pass.
        var config = TestConfig.Bind("{ models: { mode: 'replace' }, tools: { exec: { passEnv: ['OPENAI_API_KEY'] } } }");

        // Assert
        config.Tools.ExecPassEnv.Should().Equal("OPENAI_API_KEY");
    }
}
