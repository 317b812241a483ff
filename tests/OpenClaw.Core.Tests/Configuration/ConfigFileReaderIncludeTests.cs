using System.Text.Json.Nodes;
using OpenClaw.Core.Configuration;
using OpenClaw.Testing;

namespace OpenClaw.Core.Tests.Configuration;

public sealed class ConfigFileReaderIncludeTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Read_MissingFile_ReturnsEmptyObject()
    {
        // Act
        var root = Read(_temp.Combine("nope.json5"));

        // Assert
        root.Should().BeEmpty();
    }

    [Fact]
    public void Read_SingleInclude_ReplacesObjectWithFileContent()
    {
        // Arrange
        _temp.Write("gateway.json5", "{ gateway: { port: 19000, mode: 'local' } }");
        var main = _temp.Write("openclaw.json", "{ $include: 'gateway.json5' }");

        // Act
        var root = Read(main);

        // Assert
        JsonNode.DeepEquals(root, JsonNode.Parse("""{"gateway":{"port":19000,"mode":"local"}}""")).Should().BeTrue(root.ToJsonString());
    }

    [Fact]
    public void Read_IncludeArray_DeepMergesFilesInOrder()
    {
        // Arrange
        _temp.Write("a.json5", "{ gateway: { port: 1, mode: 'local', auth: { mode: 'token' } }, list: [1, 2] }");
        _temp.Write("b.json5", "{ gateway: { port: 2, auth: { token: 't' } }, list: [3] }");
        var main = _temp.Write("openclaw.json", "{ $include: ['a.json5', 'b.json5'] }");

        // Act
        var root = Read(main);

        // Assert
        JsonNode.DeepEquals(
            root,
            JsonNode.Parse("""{"gateway":{"port":2,"mode":"local","auth":{"mode":"token","token":"t"}},"list":[3]}""")).Should().BeTrue(root.ToJsonString());
    }

    [Fact]
    public void Read_SiblingKeysNextToInclude_AreMergedOnTop()
    {
        // Arrange
        _temp.Write("base.json5", "{ gateway: { port: 1, mode: 'local' }, session: { mainKey: 'main' } }");
        var main = _temp.Write("openclaw.json", "{ $include: 'base.json5', gateway: { port: 3 } }");

        // Act
        var root = Read(main);

        // Assert
        root["gateway"]!["port"]!.GetValue<int>().Should().Be(3);
        root["gateway"]!["mode"]!.GetValue<string>().Should().Be("local");
        root["session"]!["mainKey"]!.GetValue<string>().Should().Be("main");
    }

    [Fact]
    public void Read_IncludeInsideNestedObject_ReplacesThatObject()
    {
        // Arrange
        _temp.Write("agents.json5", "{ entries: { main: { name: 'Main' } } }");
        var main = _temp.Write("openclaw.json", "{ agents: { $include: 'agents.json5', ownership: 'explicit' } }");

        // Act
        var root = Read(main);

        // Assert
        root["agents"]!["entries"]!["main"]!["name"]!.GetValue<string>().Should().Be("Main");
        root["agents"]!["ownership"]!.GetValue<string>().Should().Be("explicit");
    }

    [Fact]
    public void Read_NestedIncludes_ResolvePathsRelativeToTheIncludingFile()
    {
        // Arrange
        _temp.Write("conf/parts/models.json5", "{ $include: 'providers/mock.json5' }");
        _temp.Write("conf/parts/providers/mock.json5", "{ models: { mode: 'replace' } }");
        var main = _temp.Write("conf/openclaw.json", "{ $include: './parts/models.json5' }");

        // Act
        var root = Read(main);

        // Assert
        root["models"]!["mode"]!.GetValue<string>().Should().Be("replace");
    }

    [Fact]
    public void Read_SameFileIncludedTwiceWithoutCycle_IsAllowed()
    {
        // Arrange
        _temp.Write("shared.json5", "{ x: 1 }");
        _temp.Write("a.json5", "{ a: { $include: 'shared.json5' } }");
        var main = _temp.Write("openclaw.json", "{ $include: ['a.json5', 'shared.json5'] }");

        // Act
        var root = Read(main);

        // Assert
        root["a"]!["x"]!.GetValue<int>().Should().Be(1);
        root["x"]!.GetValue<int>().Should().Be(1);
    }

    [Fact]
    public void Read_IncludeCycle_Throws()
    {
        // Arrange
        _temp.Write("a.json5", "{ $include: 'b.json5' }");
        _temp.Write("b.json5", "{ nested: { $include: 'a.json5' } }");
        var main = _temp.Write("openclaw.json", "{ $include: 'a.json5' }");

        // Act
        var act = () => Read(main);

        // Assert
        act.Should().Throw<ConfigException>().WithMessage("*$include cycle detected*a.json5*");
    }

    [Fact]
    public void Read_FileIncludingItself_Throws()
    {
        // Arrange
        var main = _temp.Write("openclaw.json", "{ $include: 'openclaw.json' }");

        // Act
        var act = () => Read(main);

        // Assert
        act.Should().Throw<ConfigException>().WithMessage("*cycle*");
    }

    [Fact]
    public void Read_TenNestedIncludes_AreAllowed()
    {
        // Arrange
        var main = WriteIncludeChain(levels: 10);

        // Act
        var root = Read(main);

        // Assert
        root["leaf"]!.GetValue<int>().Should().Be(10);
    }

    [Fact]
    public void Read_ElevenNestedIncludes_ThrowDepthError()
    {
        // Arrange
        var main = WriteIncludeChain(levels: 11);

        // Act
        var act = () => Read(main);

        // Assert
        act.Should().Throw<ConfigException>().WithMessage("*$include nesting deeper than 10 levels*");
    }

    [Fact]
    public void Read_MissingIncludedFile_ThrowsNamingThePath()
    {
        // Arrange
        var main = _temp.Write("openclaw.json", "{ $include: 'absent.json5' }");

        // Act
        var act = () => Read(main);

        // Assert
        act.Should().Throw<ConfigException>().WithMessage("*cannot read config file*absent.json5*");
    }

    [Theory]
    [InlineData("{ $include: 42 }")]
    [InlineData("{ $include: ['a.json5', 1] }")]
    public void Read_IncludeThatIsNotAPathOrPathList_Throws(string text)
    {
        // Arrange
        _temp.Write("a.json5", "{}");
        var main = _temp.Write("openclaw.json", text);

        // Act
        var act = () => Read(main);

        // Assert
        act.Should().Throw<ConfigException>().WithMessage("$include must be a file path or an array of file paths");
    }

    [Fact]
    public void Read_IncludedFileThatIsNotAnObject_Throws()
    {
        // Arrange
        _temp.Write("list.json5", "[1, 2]");
        var main = _temp.Write("openclaw.json", "{ $include: 'list.json5' }");

        // Act
        var act = () => Read(main);

        // Assert
        act.Should().Throw<ConfigException>().WithMessage("*list.json5: the config must be a JSON5 object");
    }

    [Fact]
    public void Read_InvalidJson5_ThrowsWithFilePath()
    {
        // Arrange
        var main = _temp.Write("openclaw.json", "{ gateway: { port: } }");

        // Act
        var act = () => Read(main);

        // Assert
        act.Should().Throw<ConfigException>().WithMessage($"{main}: *");
    }

    private JsonObject Read(string path) => ConfigFileReader.Read(path, _temp.Combine("state"), new DictionaryEnvironment());

    /// <summary>openclaw.json includes level1.json5, which includes level2.json5, … down to level<paramref name="levels"/>.</summary>
    private string WriteIncludeChain(int levels)
    {
        for (var i = 1; i < levels; i++)
        {
            _temp.Write($"level{i}.json5", $"{{ $include: 'level{i + 1}.json5' }}");
        }

        _temp.Write($"level{levels}.json5", $"{{ leaf: {levels} }}");
        return _temp.Write("openclaw.json", "{ $include: 'level1.json5' }");
    }
}
