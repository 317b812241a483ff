namespace OpenClaw.Cli.Tests.Commands;

public sealed class GatewayRunCommandTests
{
    [Fact]
    public async Task Help_ListsTheOriginalFlags()
    {
        // Arrange
        using var output = new StringWriter();

        // Act
        var exitCode = await OpenClawCli.RunAsync(["gateway", "run", "--help"], output, TextWriter.Null);

        // Assert
        exitCode.Should().Be(0);
        var help = output.ToString();
        foreach (var flag in new[] { "--port", "--bind", "--auth", "--token", "--password", "--allow-unconfigured", "--force", "--verbose" })
        {
            help.Should().Contain(flag);
        }
    }

    [Theory]
    [InlineData("gateway", "run", "--bind", "moon")]
    [InlineData("gateway", "run", "--auth", "magic")]
    [InlineData("gateway", "run", "--port", "abc")]
    [InlineData("gateway", "frobnicate")]
    public async Task BadFlags_AreUsageErrors(params string[] args)
    {
        using var error = new StringWriter();

        var exitCode = await OpenClawCli.RunAsync(args, TextWriter.Null, error);

        exitCode.Should().Be(2);
        error.ToString().Should().NotBeEmpty();
    }

    [Fact]
    public async Task Refusal_PrintsOneLineAndExitsWithOne()
    {
        // Arrange: a config without any token.
        using var state = new TempStateDir("{ gateway: { auth: { mode: 'token' } } }");
        using var error = new StringWriter();

        // Act
        var exitCode = await GatewayProcess.WithStateAsync(state, () => OpenClawCli.RunAsync(["gateway", "run", "--port", "0"], TextWriter.Null, error));

        // Assert
        exitCode.Should().Be(1);
        error.ToString().Should().Be(
            "openclaw: gateway auth mode is token but no token is configured; set gateway.auth.token or OPENCLAW_GATEWAY_TOKEN, or pass --token" + Environment.NewLine);
    }
}
