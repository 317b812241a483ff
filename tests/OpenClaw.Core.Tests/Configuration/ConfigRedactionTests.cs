using OpenClaw.Core.Configuration;

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
}
