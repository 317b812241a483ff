using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace OpenClaw.Cli.Tests.Commands;

/// <summary>`openclaw gateway run` as a real process: flags, readiness, and SIGTERM.</summary>
public sealed class GatewayProcessTests
{
    private const string Config = "{ gateway: { http: { endpoints: { chatCompletions: { enabled: true } } } } }";

    [Fact]
    public async Task Run_WithTokenFlag_ServesChatCompletions_AndExitsCleanlyOnSigterm()
    {
        // Arrange
        using var state = new TempStateDir(Config);
        using var gateway = GatewayProcess.Start(state, "--token", "cli-token-0123456789", "--bind", "loopback", "--auth", "token");
        using var client = new HttpClient();
        await gateway.WaitUntilReadyAsync(client);

        // Act
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(gateway.BaseAddress, "/v1/chat/completions"))
        {
            Content = new StringContent("""{"model":"openclaw","messages":[{"role":"user","content":"from the cli"}]}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "cli-token-0123456789");
        var response = await client.SendAsync(request);
        gateway.Terminate();
        var exited = gateway.Process.WaitForExit(TimeSpan.FromSeconds(15));

        // Assert
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).Should().Contain("\"content\":\"echo: from the cli\"");
        exited.Should().BeTrue();
        gateway.Process.ExitCode.Should().Be(0);
        File.Exists(Path.Combine(state.Path, "openclaw-dotnet.sqlite")).Should().BeTrue();
    }

    [Fact]
    public async Task Run_PasswordAuthFlags_AreHonoured()
    {
        using var state = new TempStateDir(Config);
        using var gateway = GatewayProcess.Start(state, "--auth", "password", "--password", "cli password 42");
        using var client = new HttpClient();
        await gateway.WaitUntilReadyAsync(client);

        var ok = await Send(client, gateway, "cli password 42");
        var wrong = await Send(client, gateway, "nope");

        ok.StatusCode.Should().Be(HttpStatusCode.OK);
        wrong.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    private static Task<HttpResponseMessage> Send(HttpClient client, GatewayProcess gateway, string secret)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(gateway.BaseAddress, "/v1/chat/completions"))
        {
            Content = new StringContent("""{"messages":[{"role":"user","content":"x"}]}"""),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        return client.SendAsync(request);
    }
}
