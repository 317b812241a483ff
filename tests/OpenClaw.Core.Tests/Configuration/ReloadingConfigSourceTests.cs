using Microsoft.Extensions.Logging;
using OpenClaw.Core.Configuration;
using OpenClaw.Core.Tests.Support;
using OpenClaw.Testing;

namespace OpenClaw.Core.Tests.Configuration;

public sealed class ReloadingConfigSourceTests : IDisposable
{
    private readonly TempDirectory _temp = new();
    private readonly RecordingLogger<ReloadingConfigSource> _logger = new();
    private readonly OpenClawPaths _paths;

    public ReloadingConfigSourceTests()
    {
        _paths = new OpenClawPaths(_temp.Combine("state"), _temp.Combine("state", "openclaw.json"));
    }

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Constructor_ValidFile_LoadsVersionOne()
    {
        // Arrange
        WriteConfig("{ gateway: { port: 18789 }, agents: { entries: { main: {} } } }");

        // Act
        using var source = CreateSource();

        // Assert
        source.Current.Version.Should().Be(1);
        source.Current.Config.Gateway.Port.Should().Be(18789);
        source.Current.Paths.Should().Be(_paths);
    }

    [Fact]
    public void Constructor_InvalidFile_Throws()
    {
        // Arrange
        WriteConfig("{ tools: { bogus: true } }");

        // Act
        var act = CreateSource;

        // Assert
        act.Should().Throw<ConfigException>().WithMessage("*tools.bogus: unrecognized key*");
    }

    [Fact]
    public void Reload_ValidEdit_SwapsSnapshotAndRaisesChanged()
    {
        // Arrange
        WriteConfig("{ gateway: { http: { endpoints: { chatCompletions: { enabled: false } } } } }");
        using var source = CreateSource();
        var before = source.Current;
        var raised = new List<ConfigSnapshot>();
        source.Changed += raised.Add;
        WriteConfig("{ gateway: { http: { endpoints: { chatCompletions: { enabled: true } } } } }");

        // Act
        var reloaded = source.Reload();

        // Assert
        reloaded.Should().BeTrue();
        source.Current.Should().NotBeSameAs(before);
        source.Current.Version.Should().Be(2);
        source.Current.Config.Gateway.Http.ChatCompletionsEnabled.Should().BeTrue();
        raised.Should().ContainSingle().Which.Should().BeSameAs(source.Current);
        before.Config.Gateway.Http.ChatCompletionsEnabled.Should().BeFalse("a snapshot never changes once handed out");
    }

    [Theory]
    [InlineData("{ gateway: { port: 'not a number' } }")]
    [InlineData("{ gateway: { port: ")]
    [InlineData("{ token: '${UNSET_RELOAD_VAR}' }")]
    public void Reload_InvalidEdit_KeepsOldSnapshotAndLogs(string edit)
    {
        // Arrange
        WriteConfig("{ gateway: { port: 18789 } }");
        using var source = CreateSource();
        var before = source.Current;
        var raised = 0;
        source.Changed += _ => raised++;
        WriteConfig(edit);

        // Act
        var reloaded = source.Reload();

        // Assert
        reloaded.Should().BeFalse();
        source.Current.Should().BeSameAs(before);
        raised.Should().Be(0);
        _logger.Entries.Should().Contain(e => e.Level == LogLevel.Warning && e.Message.StartsWith("config reload skipped (invalid config)", StringComparison.Ordinal));
    }

    [Fact]
    public void Reload_ListenerSettingsChanged_LogsRestartRequiredAndStillSwaps()
    {
        // Arrange
        WriteConfig("{ gateway: { port: 18789, bind: 'loopback', auth: { mode: 'token' } } }");
        using var source = CreateSource();
        WriteConfig("{ gateway: { port: 19001, bind: 'lan', auth: { mode: 'password', password: 'p' } } }");

        // Act
        source.Reload();

        // Assert
        _logger.Messages.Should().Contain("restart required for gateway.port, gateway.bind, gateway.auth.mode; keeping the current listener settings");
        source.Current.Config.Gateway.Port.Should().Be(19001);
    }

    [Fact]
    public void Reload_TlsChanged_LogsRestartRequired()
    {
        // Arrange
        WriteConfig("{ gateway: { auth: { mode: 'token', token: 'a' } } }");
        using var source = CreateSource();
        WriteConfig("{ gateway: { auth: { mode: 'token', token: 'a' }, tls: { enabled: true } } }");

        // Act
        source.Reload();

        // Assert
        _logger.Messages.Should().Contain("restart required for gateway.tls; keeping the current listener settings");
    }

    [Fact]
    public void Reload_HotSettingsOnly_DoesNotLogRestartRequired()
    {
        // Arrange
        WriteConfig("{ gateway: { port: 18789, auth: { mode: 'token', token: 'a' } } }");
        using var source = CreateSource();
        WriteConfig("{ gateway: { port: 18789, auth: { mode: 'token', token: 'b' } }, agents: { defaults: { maxConcurrent: 1 } } }");

        // Act
        source.Reload();

        // Assert
        _logger.Messages.Should().NotContain(m => m.StartsWith("restart required", StringComparison.Ordinal));
        source.Current.Config.Gateway.Auth.Token.Should().Be("b");
    }

    [Fact]
    public async Task StartWatching_FileEdited_ReloadsAfterDebounce()
    {
        // Arrange
        WriteConfig("{ agents: { defaults: { maxConcurrent: 2 } } }");
        using var source = CreateSource();
        var changed = new TaskCompletionSource<ConfigSnapshot>(TaskCreationOptions.RunContinuationsAsynchronously);
        source.Changed += s => changed.TrySetResult(s);
        source.StartWatching();

        // Act
        WriteConfig("{ agents: { defaults: { maxConcurrent: 3 } } }");
        var snapshot = await changed.Task.WaitAsync(TimeSpan.FromSeconds(10));

        // Assert
        snapshot.Config.Agents.Defaults.MaxConcurrent.Should().Be(3);
        source.Current.Should().BeSameAs(snapshot);
    }

    private ReloadingConfigSource CreateSource() => new(_paths, _logger, new DictionaryEnvironment());

    private void WriteConfig(string text)
    {
        Directory.CreateDirectory(_paths.StateDir);
        File.WriteAllText(_paths.ConfigPath, text);
    }
}
