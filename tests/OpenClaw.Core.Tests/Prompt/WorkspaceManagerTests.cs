using OpenClaw.Core.Prompt;
using OpenClaw.Testing;

namespace OpenClaw.Core.Tests.Prompt;

public sealed class WorkspaceManagerTests
{
    [Fact]
    public void Ensure_NewWorkspace_SeedsTheTemplatesIncludingBootstrap()
    {
        // Arrange
        using var temp = new TempDirectory();
        var workspace = temp.Combine("ws");

        // Act
        new WorkspaceManager().Ensure(workspace, skipBootstrap: false);

        // Assert
        Directory.GetFiles(workspace).Select(Path.GetFileName).Should().BeEquivalentTo(
            "AGENTS.md", "SOUL.md", "TOOLS.md", "IDENTITY.md", "USER.md", "HEARTBEAT.md", "BOOTSTRAP.md");
    }

    [Fact]
    public void Ensure_ExistingWorkspace_NeverOverwrites_AndSkipsBootstrapMd()
    {
        using var temp = new TempDirectory();
        temp.Write("ws/SOUL.md", "my own soul");

        new WorkspaceManager().Ensure(temp.Combine("ws"), skipBootstrap: false);

        File.ReadAllText(temp.Combine("ws", "SOUL.md")).Should().Be("my own soul");
        File.Exists(temp.Combine("ws", "AGENTS.md")).Should().BeTrue();
        File.Exists(temp.Combine("ws", "BOOTSTRAP.md")).Should().BeFalse();
    }

    [Fact]
    public void Ensure_SkipBootstrap_CreatesOnlyTheDirectory()
    {
        using var temp = new TempDirectory();

        new WorkspaceManager().Ensure(temp.Combine("ws"), skipBootstrap: true);

        Directory.Exists(temp.Combine("ws")).Should().BeTrue();
        Directory.GetFiles(temp.Combine("ws")).Should().BeEmpty();
    }

    [Fact]
    public void ReadBootstrap_ReturnsNonBlankFilesInPromptOrder_WithAbsolutePaths()
    {
        // Arrange
        using var temp = new TempDirectory();
        temp.Write("USER.md", "user");
        temp.Write("AGENTS.md", "agents");
        temp.Write("HEARTBEAT.md", "   \n");
        temp.Write("memory.md", "lower-case memory");
        temp.Write("NOTES.md", "not a bootstrap file");

        // Act
        var files = new WorkspaceManager().ReadBootstrap(temp.Path, maxChars: 1000, totalMaxChars: 10_000);

        // Assert
        files.Select(f => f.Path).Should().Equal(temp.Combine("AGENTS.md"), temp.Combine("USER.md"), temp.Combine("memory.md"));
        files.Select(f => f.Content).Should().Equal("agents", "user", "lower-case memory");
    }

    [Fact]
    public void ReadBootstrap_CutsLongFiles_AndHonoursTheTotalCap()
    {
        using var temp = new TempDirectory();
        temp.Write("AGENTS.md", new string('a', 50));
        temp.Write("SOUL.md", new string('s', 50));
        temp.Write("TOOLS.md", new string('t', 50));

        var files = new WorkspaceManager().ReadBootstrap(temp.Path, maxChars: 20, totalMaxChars: 100);

        files[0].Content.Should().Be(new string('a', 20) + "\n[…truncated, read AGENTS.md for the full content]");
        files.Sum(f => f.Content.Length).Should().BeLessThanOrEqualTo(100 + (2 * 60));
        files.Should().HaveCountLessThan(4);
    }

    [Fact]
    public void ReadBootstrap_SeesEditsBetweenRuns()
    {
        // Arrange
        using var temp = new TempDirectory();
        var manager = new WorkspaceManager();
        var path = temp.Write("SOUL.md", "before");
        manager.ReadBootstrap(temp.Path, 1000, 10_000).Single().Content.Should().Be("before");

        // Act
        File.WriteAllText(path, "after, and longer");
        File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddSeconds(5));

        // Assert
        manager.ReadBootstrap(temp.Path, 1000, 10_000).Single().Content.Should().Be("after, and longer");
        File.Delete(path);
        manager.ReadBootstrap(temp.Path, 1000, 10_000).Should().BeEmpty();
    }
}
