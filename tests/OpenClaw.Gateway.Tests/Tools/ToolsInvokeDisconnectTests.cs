namespace OpenClaw.Gateway.Tests.Tools;

/// <summary>A closed connection cancels the invoked tool (http-api.md §8.5): an exec process tree is killed.</summary>
public sealed class ToolsInvokeDisconnectTests
{
    [Fact]
    public async Task ClientDisconnect_KillsARunningExec()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        // Arrange: a command that starts a long child, records its pid, and waits for it
        await using var gateway = await ToolsInvokeGateway.StartAsync(gateway: "tools: { allow: ['exec'] },", top: "tools: { allow: ['exec'] },");
        var pidFile = Path.Combine(gateway.Workspace, "child.pid");
        using var client = gateway.CreateClient();
        using var disconnect = new CancellationTokenSource();
        var invoking = client.PostAsync(
            ToolsInvokeGateway.Path,
            new StringContent("""{"tool":"exec","args":{"command":"sleep 300 & echo $! > child.pid.tmp && mv child.pid.tmp child.pid; wait"}}"""),
            disconnect.Token);
        await Support.Eventually.TrueAsync(() => Task.FromResult(File.Exists(pidFile)));
        var pid = int.Parse(await File.ReadAllTextAsync(pidFile), System.Globalization.CultureInfo.InvariantCulture);
        IsRunning(pid).Should().BeTrue();

        // Act
        await disconnect.CancelAsync();

        // Assert
        await invoking.Invoking(t => t).Should().ThrowAsync<OperationCanceledException>();
        await Support.Eventually.TrueAsync(() => Task.FromResult(gateway.Logged("ToolInvocationCancelled").Any()));
        await Support.Eventually.TrueAsync(() => Task.FromResult(!IsRunning(pid)));
        gateway.Logged("ToolInvocationCancelled").Should().ContainSingle().Which.Should().StartWith("tools/invoke: exec (http-direct-operator-");
    }

    /// <summary>Alive and not a zombie waiting for a parent that no longer reaps it.</summary>
    private static bool IsRunning(int pid)
    {
        var stat = $"/proc/{pid}/stat";
        try
        {
            var text = File.ReadAllText(stat);
            return text[(text.LastIndexOf(')') + 2)..].StartsWith('Z') is false;
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException or IOException)
        {
            return false;
        }
    }
}
