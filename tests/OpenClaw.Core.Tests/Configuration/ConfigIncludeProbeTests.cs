using System.Text.Json.Nodes;
using OpenClaw.Core.Configuration;
using OpenClaw.Testing;

namespace OpenClaw.Core.Tests.Configuration;

public sealed class ConfigIncludeProbeTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private IncludedOrigin? Find(string root, string path, bool orAncestor = false) =>
        ConfigIncludeProbe.Find((JsonObject)Json5.Parse(root)!, ConfigPath.Parse(path), _temp.Combine("openclaw.json"), orAncestor);

    [Fact]
    public void Find_ValueOnlyInIncludedFile_NamesIt()
    {
        var file = _temp.Write("gw.json5", "{ gateway: { port: 1 } }");

        Find("{ $include: 'gw.json5' }", "gateway.port").Should().Be(new IncludedOrigin(file, "gateway.port"));
    }

    [Fact]
    public void Find_TopLevelValue_WinsOverTheInclude()
    {
        _temp.Write("gw.json5", "{ gateway: { port: 1 } }");

        Find("{ $include: 'gw.json5', gateway: { port: 2 } }", "gateway.port").Should().BeNull();
    }

    [Fact]
    public void Find_NestedAndArrayIncludes_AreFollowed()
    {
        _temp.Write("sub/a.json5", "{ $include: 'b.json5' }");
        var b = _temp.Write("sub/b.json5", "{ id: 'main', tools: { allow: ['read'] } }");
        _temp.Write("other.json5", "{ }");

        Find("{ agents: { list: [ { $include: ['other.json5', 'sub/a.json5'] } ] } }", "agents.list[0].tools.allow[0]")
            .Should().Be(new IncludedOrigin(b, "agents.list[0].tools.allow[0]"));
    }

    [Fact]
    public void Find_NewKey_IsJudgedByItsAncestor_OnlyWhenAsked()
    {
        var file = _temp.Write("gw.json5", "{ gateway: { auth: { mode: 'none' } } }");

        Find("{ $include: 'gw.json5' }", "gateway.auth.token").Should().BeNull();
        Find("{ $include: 'gw.json5' }", "gateway.auth.token", orAncestor: true).Should().Be(new IncludedOrigin(file, "gateway.auth"));
        Find("{ $include: 'gw.json5' }", "session.idleMinutes", orAncestor: true).Should().BeNull();
    }

    [Fact]
    public void Find_MissingOrBrokenInclude_IsSkipped()
    {
        _temp.Write("broken.json5", "{ nope");

        Find("{ $include: ['missing.json5', 'broken.json5'] }", "gateway.port", orAncestor: true).Should().BeNull();
    }
}
