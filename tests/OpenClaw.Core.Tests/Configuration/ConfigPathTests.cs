using OpenClaw.Core.Configuration;

namespace OpenClaw.Core.Tests.Configuration;

public sealed class ConfigPathTests
{
    [Theory]
    [InlineData("gateway", "gateway")]
    [InlineData("gateway.auth.mode", "gateway|auth|mode")]
    [InlineData("agents.list[0].id", "agents|list|#0|id")]
    [InlineData("models.providers.mock.models[12]", "models|providers|mock|models|#12")]
    [InlineData("a[0][1]", "a|#0|#1")]
    [InlineData("[0]", "#0")]
    [InlineData("agents.defaults.models[\"openai/gpt-4.1\"].alias", "agents|defaults|models|openai/gpt-4.1|alias")]
    [InlineData("m['a.b']", "m|a.b")]
    [InlineData("m[\"q\\\"x\"]", "m|q\"x")]
    [InlineData("headers.x-api-key", "headers|x-api-key")]
    [InlineData("$include", "$include")]
    public void Parse_ValidPaths_GivesTheSegments(string text, string expected)
    {
        // Act
        var path = ConfigPath.Parse(text);

        // Assert
        string.Join("|", path.Segments.Select(s => s.IsIndex ? "#" + s.Index : s.Key)).Should().Be(expected);
        path.ToString().Should().Be(text);
    }

    [Theory]
    [InlineData("", "empty key at position 1")]
    [InlineData("a..b", "empty key at position 3")]
    [InlineData(".a", "empty key at position 1")]
    [InlineData("a.", "empty key at position 3")]
    [InlineData("a[x]", "an index must be a non-negative integer; quote keys as [\"key\"] at position 3")]
    [InlineData("a[-1]", "an index must be a non-negative integer; quote keys as [\"key\"] at position 3")]
    [InlineData("a[]", "an index must be a non-negative integer; quote keys as [\"key\"] at position 3")]
    [InlineData("a[99999999999]", "an index must be a non-negative integer; quote keys as [\"key\"] at position 3")]
    [InlineData("a[0", "missing ']' at position 2")]
    [InlineData("a]b", "unexpected ']' at position 2")]
    [InlineData("a[0]b", "expected '.' or '[' after ']' at position 5")]
    [InlineData("a['x]", "unclosed quoted key; write it as [\"key\"] at position 2")]
    public void Parse_Malformed_ThrowsWithPosition(string text, string reason)
    {
        var act = () => ConfigPath.Parse(text);

        act.Should().Throw<ConfigPathException>().WithMessage($"Invalid config path '{text}': {reason}");
    }

    [Fact]
    public void Format_QuotesKeysThatNeedIt()
    {
        var path = ConfigPath.Parse("agents.defaults.models['openai/gpt-4.1'].params[0]");

        ConfigPath.Format(path.Segments).Should().Be("agents.defaults.models[\"openai/gpt-4.1\"].params[0]");
        ConfigPath.Format(ConfigPath.Parse("a/b.c").Segments).Should().Be("a/b.c");
    }
}
