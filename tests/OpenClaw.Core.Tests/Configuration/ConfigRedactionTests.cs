using OpenClaw.Core.Configuration;
using OpenClaw.Testing;

namespace OpenClaw.Core.Tests.Configuration;

public sealed class ConfigRedactionTests
{
    [Theory]
    [InlineData("token", true)]
    [InlineData("botToken", true)]
    [InlineData("password", true)]
    [InlineData("apiKey", true)]
    [InlineData("clientSecret", true)]
    [InlineData("mode", false)]
    [InlineData("tokens", false)]
    public void IsSecretKey_MatchesBySuffix(string key, bool secret) => ConfigRedaction.IsSecretKey(key).Should().Be(secret);

    [Fact]
    public void Redact_ReplacesSecretScalars_LeavesTheInputAlone()
    {
        var node = Json5.Parse("{ auth: { mode: 'token', token: 't' }, list: [ { apiKey: 5 } ] }");

        var redacted = ConfigRedaction.Redact(node);

        redacted!.ToJsonString().Should().Be("""{"auth":{"mode":"token","token":"__OPENCLAW_REDACTED__"},"list":[{"apiKey":"__OPENCLAW_REDACTED__"}]}""");
        node!["auth"]!["token"]!.GetValue<string>().Should().Be("t");
    }

    [Fact]
    public void Redact_EnvBlock_UrlUserInfo_AndStringsHoldingASecret()
    {
        var node = Json5.Parse("""
            { env: { OPENROUTER_KEY: 'sk-or-v1-abc', vars: { DATABASE_URL: 'postgres://u:p@db/x' } },
              a: { url: 'https://user:pw@host/v1?x=1', plain: 'https://host/v1', holds: 'Bearer sk-or-v1-abc', short: 'x' } }
            """);

        var redacted = ConfigRedaction.Redact(node, secrets: ConfigSecrets.None.With(node));

        redacted!.ToJsonString().Should().Be(
            """{"env":{"OPENROUTER_KEY":"__OPENCLAW_REDACTED__","vars":{"DATABASE_URL":"__OPENCLAW_REDACTED__"}},"a":{"url":"https://__OPENCLAW_REDACTED__@host/v1?x=1","plain":"https://host/v1","holds":"__OPENCLAW_REDACTED__","short":"x"}}""");
    }

    [Fact]
    public void Redact_APlainWordInTheEnvBlock_IsHiddenThere_ButNotSearchedForElsewhere()
    {
        var node = Json5.Parse("""
            { env: { NODE_ENV: 'production', API_TOKEN: 'tok-12345678' }, a: { name: 'production-bot', holds: 'x tok-12345678' } }
            """);

        var redacted = ConfigRedaction.Redact(node, secrets: ConfigSecrets.None.With(node));

        redacted!.ToJsonString().Should().Be(
            """{"env":{"NODE_ENV":"__OPENCLAW_REDACTED__","API_TOKEN":"__OPENCLAW_REDACTED__"},"a":{"name":"production-bot","holds":"__OPENCLAW_REDACTED__"}}""");
    }

    [Fact]
    public void Redact_ValuesSubstitutedInAnIncludedFile_OrFromADotEnvFile_AreHidden()
    {
        // Arrange: the variable is used in an included file, so the main file's template cannot tell.
        using var temp = new TempDirectory();
        temp.Write("agents.json5", "{ entries: { main: { name: '${DOTENV_NAME}' }, beta: { name: 'uses ${PLAIN_NAME}' } } }");
        var main = temp.Write("openclaw.json", "{ agents: { $include: './agents.json5', entries: { gamma: { name: 'see dotenv-secret-1' } } } }");
        temp.Write("state/.env", "DOTENV_NAME=dotenv-secret-1\n");
        var env = new DictionaryEnvironment(new Dictionary<string, string> { ["PLAIN_NAME"] = "alpha" });
        var snapshot = ConfigLoader.Load(new OpenClawPaths(temp.Combine("state"), main), environment: env);

        // Act
        var redacted = ConfigRedaction.Redact(snapshot.Config.Raw, Json5.Parse(File.ReadAllText(main)), snapshot.Secrets);

        // Assert
        var entries = redacted!["agents"]!["entries"]!;
        entries["main"]!["name"]!.GetValue<string>().Should().Be(ConfigRedaction.Redacted);
        entries["beta"]!["name"]!.GetValue<string>().Should().Be(ConfigRedaction.Redacted, "every substituted value is hidden, whatever its name");
        entries["gamma"]!["name"]!.GetValue<string>().Should().Be(ConfigRedaction.Redacted, "it holds a .env value");
    }

    [Fact]
    public void Redact_EveryValueUnderEnv_IsHidden_WhateverItsType()
    {
        var node = Json5.Parse("{ env: { PIN: 1234, DEBUG: true, NONE: null, vars: { LIST: [7, 'x', { deep: false }], OBJ: { n: 2.5 } } }, a: { port: 1234, on: true } }");

        var redacted = ConfigRedaction.Redact(node, secrets: ConfigSecrets.None.With(node));

        redacted!.ToJsonString().Should().Be(
            """{"env":{"PIN":"__OPENCLAW_REDACTED__","DEBUG":"__OPENCLAW_REDACTED__","NONE":null,"vars":{"LIST":["__OPENCLAW_REDACTED__","__OPENCLAW_REDACTED__",{"deep":"__OPENCLAW_REDACTED__"}],"OBJ":{"n":"__OPENCLAW_REDACTED__"}}},"a":{"port":1234,"on":true}}""",
            "numbers and booleans under env become the marker string, as they do under a secret key; null stays null");
    }

    [Fact]
    public void RedactText_EveryValueUnderEnv_IsHidden_WhateverItsType()
    {
        var text = "{ env: { PIN: 1234, /* pin */ vars: { ON: true, LIST: [7, 'x'] } }, a: { port: 1234, apiKey: 42 } }";

        ConfigRedaction.RedactText(text).Should().Be(
            "{ env: { PIN: \"__OPENCLAW_REDACTED__\", /* pin */ vars: { ON: \"__OPENCLAW_REDACTED__\", LIST: [\"__OPENCLAW_REDACTED__\", \"__OPENCLAW_REDACTED__\"] } }, a: { port: 1234, apiKey: \"__OPENCLAW_REDACTED__\" } }");
    }

    [Theory]
    [InlineData("{ env: { OPENROUTER_KEY: 'sk-or-v1-abc' }, gateway: { port: 1, }\n")]
    [InlineData("{ models: { providers: { p: { headers: { 'X-Custom': 'hdr-value' } } } } oops }")]
    [InlineData("{ \"\\u0074oken\": \"escaped-key-secret\", }}")]
    [InlineData("{ gateway: { auth: { token: 'abc' } }, env: { PIN: 1234 }, x: ")]
    [InlineData("{ gateway: { auth: { token: 'half-typed-secret")]
    public void RedactText_TextThatDoesNotParse_IsNotShownAtAll(string text)
    {
        // A file mid-edit: nothing tells where its secrets stand, so none of it is shown (as the original: raw is null).
        ConfigRedaction.RedactText(text).Should().BeNull();
    }
}
