using System.Text.Json.Nodes;
using OpenClaw.Core.Configuration;

namespace OpenClaw.Core.Tests.Configuration;

public sealed class ConfigTreeTests
{
    private static JsonObject Parse(string json5) => (JsonObject)Json5.Parse(json5)!;

    [Fact]
    public void TryGet_PresentNull_IsFound()
    {
        var root = Parse("{ a: { b: null } }");

        ConfigTree.TryGet(root, ConfigPath.Parse("a.b"), out var value).Should().BeTrue();
        value.Should().BeNull();
        ConfigTree.TryGet(root, ConfigPath.Parse("a.c"), out _).Should().BeFalse();
    }

    [Theory]
    [InlineData("a[0]")]
    [InlineData("list.x")]
    [InlineData("list[3]")]
    [InlineData("a.b.c")]
    public void TryGet_WrongShapeOrOutOfRange_IsNotFound(string path)
    {
        var root = Parse("{ a: { b: 1 }, list: [1, 2] }");

        ConfigTree.TryGet(root, ConfigPath.Parse(path), out _).Should().BeFalse();
    }

    [Fact]
    public void Set_CreatesObjectsAndArraysOnTheWay()
    {
        var root = new JsonObject();

        ConfigTree.Set(root, ConfigPath.Parse("agents.list[0].tools.allow[0]"), "read");

        root.ToJsonString().Should().Be("""{"agents":{"list":[{"tools":{"allow":["read"]}}]}}""");
    }

    [Fact]
    public void Set_ReplacesAnExistingValue_AndANullOnTheWay()
    {
        var root = Parse("{ a: { b: 1 }, c: null }");

        ConfigTree.Set(root, ConfigPath.Parse("a.b"), new JsonObject { ["x"] = true });
        ConfigTree.Set(root, ConfigPath.Parse("c.d"), 2);

        root.ToJsonString().Should().Be("""{"a":{"b":{"x":true}},"c":{"d":2}}""");
    }

    [Fact]
    public void Set_IndexEqualToCount_Appends()
    {
        var root = Parse("{ list: [1] }");

        ConfigTree.Set(root, ConfigPath.Parse("list[1]"), 2);

        root.ToJsonString().Should().Be("""{"list":[1,2]}""");
    }

    [Theory]
    [InlineData("list[5]", "list[5] is past the end of list (1 items); use [1] to append")]
    [InlineData("fresh[1]", "fresh[1] is past the end of fresh (0 items); use [0] to append")]
    [InlineData("a.b.c", "a.b is a number, not an object")]
    [InlineData("a[0]", "a is an object, not an array")]
    [InlineData("list.x", "list is an array, not an object; use an index, e.g. list[0]")]
    [InlineData("[0]", "the config root is an object, not an array")]
    [InlineData("s.x", "s is a string, not an object")]
    public void Set_ImpossiblePath_ThrowsConfigException(string path, string message)
    {
        var root = Parse("{ a: { b: 1 }, list: [1], s: 'text' }");

        var act = () => ConfigTree.Set(root, ConfigPath.Parse(path), 1);

        act.Should().Throw<ConfigException>().WithMessage(message);
    }

    [Fact]
    public void Remove_KeyAndArrayElement()
    {
        var root = Parse("{ a: { b: 1, c: 2 }, list: [1, 2, 3] }");

        ConfigTree.Remove(root, ConfigPath.Parse("a.b")).Should().BeTrue();
        ConfigTree.Remove(root, ConfigPath.Parse("list[0]")).Should().BeTrue();

        root.ToJsonString().Should().Be("""{"a":{"c":2},"list":[2,3]}""");
    }

    [Theory]
    [InlineData("a.x")]
    [InlineData("x.y.z")]
    [InlineData("list[3]")]
    [InlineData("a[0]")]
    public void Remove_Absent_ReturnsFalseAndChangesNothing(string path)
    {
        var root = Parse("{ a: { b: 1 }, list: [1] }");

        ConfigTree.Remove(root, ConfigPath.Parse(path)).Should().BeFalse();

        root.ToJsonString().Should().Be("""{"a":{"b":1},"list":[1]}""");
    }
}
