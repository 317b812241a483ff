using OpenClaw.Core.Configuration;

namespace OpenClaw.Core.Tests.Configuration;

public class OpenClawPathsTests
{
    private const string Home = "/home/tester";

    [Fact]
    public void Resolve_NoVariables_UsesDotOpenClawUnderHome()
    {
        // Act
        var paths = OpenClawPaths.Resolve(Env(("HOME", Home)));

        // Assert
        paths.Should().Be(new OpenClawPaths("/home/tester/.openclaw", "/home/tester/.openclaw/openclaw.json"));
    }

    [Fact]
    public void Resolve_StateDirVariable_WinsOverProfileAndDev()
    {
        // Act
        var paths = OpenClawPaths.Resolve(Env(("HOME", Home), ("OPENCLAW_STATE_DIR", "/srv/oc")), profile: "work", dev: true);

        // Assert
        paths.Should().Be(new OpenClawPaths("/srv/oc", "/srv/oc/openclaw.json"));
    }

    [Fact]
    public void Resolve_ConfigPathVariable_OverridesTheConfigFileOnly()
    {
        // Act
        var paths = OpenClawPaths.Resolve(Env(("HOME", Home), ("OPENCLAW_CONFIG_PATH", "/etc/oc/custom.json5")));

        // Assert
        paths.Should().Be(new OpenClawPaths("/home/tester/.openclaw", "/etc/oc/custom.json5"));
    }

    [Theory]
    [InlineData("work", false, "/home/tester/.openclaw-work")]
    [InlineData(null, true, "/home/tester/.openclaw-dev")]
    [InlineData("work", true, "/home/tester/.openclaw-dev")]
    [InlineData("  ", false, "/home/tester/.openclaw")]
    public void Resolve_ProfileAndDev_SelectTheirStateDirectories(string? profile, bool dev, string expected)
    {
        // Act
        var paths = OpenClawPaths.Resolve(Env(("HOME", Home)), profile, dev);

        // Assert
        paths.StateDir.Should().Be(expected);
        paths.ConfigPath.Should().Be(expected + "/openclaw.json");
    }

    [Fact]
    public void Resolve_TildeInVariables_ExpandsToHome()
    {
        // Act
        var paths = OpenClawPaths.Resolve(Env(("HOME", Home), ("OPENCLAW_STATE_DIR", "~/state"), ("OPENCLAW_CONFIG_PATH", "~/cfg/oc.json")));

        // Assert
        paths.Should().Be(new OpenClawPaths("/home/tester/state", "/home/tester/cfg/oc.json"));
    }

    [Fact]
    public void Resolve_OpenClawHome_WinsOverHome()
    {
        // Act
        var paths = OpenClawPaths.Resolve(Env(("HOME", Home), ("OPENCLAW_HOME", "/opt/ochome")));

        // Assert
        paths.StateDir.Should().Be("/opt/ochome/.openclaw");
    }

    [Fact]
    public void Resolve_BlankVariables_AreTreatedAsUnset()
    {
        // Act
        var paths = OpenClawPaths.Resolve(Env(("HOME", Home), ("OPENCLAW_STATE_DIR", "  "), ("OPENCLAW_CONFIG_PATH", "")));

        // Assert
        paths.Should().Be(new OpenClawPaths("/home/tester/.openclaw", "/home/tester/.openclaw/openclaw.json"));
    }

    [Fact]
    public void Resolve_RelativeStateDir_IsMadeAbsolute()
    {
        // Act
        var paths = OpenClawPaths.Resolve(Env(("HOME", Home), ("OPENCLAW_STATE_DIR", "rel/state")));

        // Assert
        paths.StateDir.Should().Be(Path.GetFullPath("rel/state"));
        Path.IsPathRooted(paths.ConfigPath).Should().BeTrue();
    }

    [Theory]
    [InlineData("~", "/home/tester")]
    [InlineData("~/a/b", "/home/tester/a/b")]
    [InlineData("~other/a", "~other/a")]
    [InlineData("/abs/~/x", "/abs/~/x")]
    public void ExpandHome_OnlyLeadingTildeIsExpanded(string path, string expected)
    {
        // Act
        var expanded = OpenClawPaths.ExpandHome(path, Home);

        // Assert
        expanded.Should().Be(expected);
    }

    private static Func<string, string?> Env(params (string Name, string Value)[] variables)
    {
        var map = variables.ToDictionary(v => v.Name, v => v.Value);
        return name => map.GetValueOrDefault(name);
    }
}
