using OpenClaw.Core.Configuration;
using OpenClaw.Core.Tests.Support;
using OpenClaw.Core.Tools;

namespace OpenClaw.Core.Tests.Tools;

/// <summary>What an exec command gets of the gateway's environment (the rules, without starting processes).</summary>
public sealed class ExecEnvironmentTests
{
    private const string ProviderKey = "sk-provider-key-0123456789";
    private const string GatewayToken = "gateway-token-0123456789";

    /// <summary>One declared provider with a literal key, token auth, and <paramref name="passEnv"/> as JSON5 array items.</summary>
    private static ExecEnvironment Policy(string passEnv = "", IDictionary<string, string>? environment = null) => ExecEnvironment.For(
        TestConfig.Bind($$"""
            {
              gateway: { auth: { token: '{{GatewayToken}}' } },
              models: { mode: 'replace', providers: { mock: { baseUrl: 'http://127.0.0.1:9', apiKey: '{{ProviderKey}}', models: [] } } },
              tools: { exec: { passEnv: [{{passEnv}}] } },
            }
            """),
        new DictionaryEnvironment(environment));

    /// <summary>Applies <paramref name="policy"/> to <paramref name="gateway"/> as it would to a child's environment.</summary>
    private static Dictionary<string, string?> Child(ExecEnvironment policy, IDictionary<string, string> gateway)
    {
        var variables = gateway.ToDictionary(v => v.Key, v => (string?)v.Value);
        policy.Apply(variables);
        return variables;
    }

    [Fact]
    public void Apply_KeepsTheAllowListAndTheListedNames_DropsEverythingElse()
    {
        // Arrange
        var gateway = new Dictionary<string, string>
        {
            ["PATH"] = "/usr/bin:/bin",
            ["HOME"] = "/home/claw",
            ["LANG"] = "C.UTF-8",
            ["LC_ALL"] = "C",
            ["LC_CTYPE"] = "C",
            ["TERM"] = "xterm",
            ["GITHUB_TOKEN"] = "ghp_listed",
            ["NODE_ENV"] = "production",
            ["NODE_OPTIONS"] = "--max-old-space-size=512",
            ["AWS_SECRET_ACCESS_KEY"] = "unlisted",
            ["FROM_DOTENV"] = "unlisted",
            ["NODEJS"] = "not the NODE_ prefix",
        };

        // Act
        var child = Child(Policy("'GITHUB_TOKEN', 'NODE_*'"), gateway);

        // Assert
        child.Keys.Should().BeEquivalentTo("PATH", "HOME", "LANG", "LC_ALL", "LC_CTYPE", "TERM", "GITHUB_TOKEN", "NODE_ENV", "NODE_OPTIONS");
        child["GITHUB_TOKEN"].Should().Be("ghp_listed");
    }

    [Fact]
    public void Apply_APrefixCoveringSecretNames_StillDropsThem()
    {
        // Arrange
        var gateway = new Dictionary<string, string>
        {
            ["OPENCLAW_GATEWAY_TOKEN"] = "env-token-0123456789",
            ["OPENCLAW_GATEWAY_PASSWORD"] = "env-password-0123456789",
            ["OPENCLAW_PROFILE"] = "dev",
            ["MOCK_API_KEY"] = "x",
            ["MOCK_REGION"] = "eu",
        };

        // Act
        var child = Child(Policy("'OPENCLAW_*', 'MOCK_*'"), gateway);

        // Assert
        child.Keys.Should().BeEquivalentTo("OPENCLAW_PROFILE", "MOCK_REGION");
    }

    [Theory]
    [InlineData("TERM", ProviderKey)]
    [InlineData("TERM", GatewayToken)]
    [InlineData("LISTED", " " + ProviderKey + "\n")]
    [InlineData("LISTED", "https://user:" + ProviderKey + "@example.com/")]
    [InlineData("LISTED", "Bearer " + GatewayToken)]
    [InlineData("HOME", "env-token-0123456789")]
    [InlineData("HOME", "env-password-0123456789")]
    [InlineData("LISTED", "ant-from-env-0123456789")]
    public void IsPassed_AnAllowedNameHoldingASecretValue_IsDropped(string name, string value)
    {
        // Arrange: the gateway's own env secrets and a key the implicit-provider fallback would read.
        var environment = new Dictionary<string, string>
        {
            ["OPENCLAW_GATEWAY_TOKEN"] = "env-token-0123456789",
            ["OPENCLAW_GATEWAY_PASSWORD"] = "env-password-0123456789",
            ["SECOND_API_KEY"] = "ant-from-env-0123456789",
        };
        var policy = ExecEnvironment.For(
            TestConfig.Bind($$"""
                {
                  gateway: { auth: { token: '{{GatewayToken}}' } },
                  models: { mode: 'replace', providers: {
                    mock: { baseUrl: 'http://127.0.0.1:9', apiKey: '{{ProviderKey}}', models: [] },
                    second: { baseUrl: 'http://127.0.0.1:9', models: [] },
                  } },
                  tools: { exec: { passEnv: ['LISTED'] } },
                }
                """),
            new DictionaryEnvironment(environment));

        // Act + Assert
        policy.IsPassed(name, value).Should().BeFalse();
        policy.IsPassed(name, "harmless").Should().BeTrue();
    }

    [Fact]
    public void IsPassed_AShortSecret_IsOnlyMatchedAsTheWholeValue()
    {
        // Arrange: a 4-character password would otherwise drop every variable that happens to contain it.
        var policy = ExecEnvironment.For(TestConfig.Bind("{ gateway: { auth: { mode: 'password', password: 'bin1' } } }"), new DictionaryEnvironment());

        // Act + Assert
        policy.IsPassed("PATH", "bin1").Should().BeFalse();
        policy.IsPassed("PATH", "/usr/bin1:/bin").Should().BeTrue();
    }

    [Fact]
    public void For_TheImplicitProvidersOfMergeMode_AreSecretsToo()
    {
        // Arrange
        var environment = new Dictionary<string, string> { ["OPENAI_API_KEY"] = "sk-openai-0123456789" };
        var policy = ExecEnvironment.For(TestConfig.Bind("{ tools: { exec: { passEnv: ['OPENAI_*', 'COPY'] } } }"), new DictionaryEnvironment(environment));

        // Act + Assert
        policy.IsPassed("OPENAI_API_KEY", "anything").Should().BeFalse("the implicit openai provider reads its key from it");
        policy.IsPassed("COPY", "sk-openai-0123456789").Should().BeFalse();
        policy.IsPassed("OPENAI_ORG", "org-1").Should().BeTrue();
    }

    [Theory]
    [InlineData("LC_*", "LC_ALL", true)]
    [InlineData("LC_*", "LC_", true)]
    [InlineData("LC_*", "LCX", false)]
    [InlineData("PATH", "PATH", true)]
    [InlineData("PATH", "PATHEXT", false)]
    public void Matches_ANameOrAPrefixEndingInAStar(string pattern, string name, bool expected) =>
        ExecEnvironment.Matches(pattern, name).Should().Be(expected);
}
