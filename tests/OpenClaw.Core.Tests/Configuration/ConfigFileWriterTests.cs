using System.Text.Json.Nodes;
using OpenClaw.Core.Configuration;
using OpenClaw.Testing;

namespace OpenClaw.Core.Tests.Configuration;

public sealed class ConfigFileWriterTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Serialize_TwoSpaceJson_KeepsReadableCharacters()
    {
        var node = Json5.Parse("{ a: [1, { b: 'x + <y> é' }], c: {} , d: [] }");

        var text = ConfigFileWriter.Serialize(node);

        text.Should().Be("{\n  \"a\": [\n    1,\n    {\n      \"b\": \"x + <y> é\"\n    }\n  ],\n  \"c\": {},\n  \"d\": []\n}");
    }

    [Fact]
    public void Serialize_NonFiniteNumber_IsAConfigException()
    {
        var act = () => ConfigFileWriter.Serialize(Json5.Parse("{ a: Infinity }"));

        act.Should().Throw<ConfigException>();
    }

    [Fact]
    public void Write_CreatesDirectory_WritesTrailingNewline_LeavesNoTempFile()
    {
        var path = _temp.Combine("new", "dir", "openclaw.json");

        ConfigFileWriter.Write(path, new JsonObject { ["a"] = 1 });

        File.ReadAllText(path).Should().Be("{\n  \"a\": 1\n}\n");
        Directory.GetFileSystemEntries(_temp.Combine("new", "dir")).Should().Equal(path);
    }

    [Fact]
    public void Write_CheckSeesTheNewTextNextToTheFile_AndAFailedCheckKeepsTheOriginal()
    {
        var path = _temp.Write("openclaw.json", "// original\n{}");
        string? checkedPath = null;
        string? checkedText = null;

        var act = () => ConfigFileWriter.Write(path, new JsonObject { ["a"] = 1 }, temp =>
        {
            checkedPath = temp;
            checkedText = File.ReadAllText(temp);
            throw new InvalidOperationException("refused");
        });

        act.Should().Throw<InvalidOperationException>();
        Path.GetDirectoryName(checkedPath).Should().Be(_temp.Path);
        checkedText.Should().Be("{\n  \"a\": 1\n}\n");
        File.ReadAllText(path).Should().Be("// original\n{}");
        Directory.GetFileSystemEntries(_temp.Path).Should().Equal(path);
    }

    [Fact]
    public void Write_KeepsTheModeOfTheFile_AndCreatesNewFilesOwnerOnly()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var existing = _temp.Write("existing.json", "{}");
        const UnixFileMode mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
        File.SetUnixFileMode(existing, mode);
        var fresh = _temp.Combine("fresh.json");

        ConfigFileWriter.Write(existing, []);
        ConfigFileWriter.Write(fresh, []);

        File.GetUnixFileMode(existing).Should().Be(mode);
        File.GetUnixFileMode(fresh).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }

    [Fact]
    public void Write_ThroughASymlink_UpdatesTheTargetAndKeepsTheLink()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var target = _temp.Write("real/openclaw.json", "{}");
        var link = _temp.Combine("openclaw.json");
        File.CreateSymbolicLink(link, target);

        ConfigFileWriter.Write(link, new JsonObject { ["a"] = 1 });

        new FileInfo(link).LinkTarget.Should().Be(target);
        File.ReadAllText(target).Should().Be("{\n  \"a\": 1\n}\n");
    }
}
