using System.Text.Json.Nodes;
using OpenClaw.Core.Configuration;
using OpenClaw.Testing;

namespace OpenClaw.Core.Tests.Configuration;

public sealed class ConfigFileReaderEnvTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Read_EnvBlock_SetsUnsetVariablesBeforeSubstitution()
    {
        // Arrange
        var env = new DictionaryEnvironment();
        var main = _temp.Write("openclaw.json", "{ env: { GW_TOKEN: 'from-block' }, gateway: { auth: { token: '${GW_TOKEN}' } } }");

        // Act
        var root = Read(main, env);

        // Assert
        env.Get("GW_TOKEN").Should().Be("from-block");
        root["gateway"]!["auth"]!["token"]!.GetValue<string>().Should().Be("from-block");
    }

    [Fact]
    public void Read_EnvVarsBlock_SetsUnsetVariables()
    {
        // Arrange
        var env = new DictionaryEnvironment();
        var main = _temp.Write("openclaw.json", "{ env: { vars: { API_KEY_A: 'a-key' } }, models: { k: '${API_KEY_A}' } }");

        // Act
        var root = Read(main, env);

        // Assert
        env.Get("API_KEY_A").Should().Be("a-key");
        root["models"]!["k"]!.GetValue<string>().Should().Be("a-key");
    }

    [Fact]
    public void Read_EnvBlock_DoesNotOverrideVariablesAlreadySet()
    {
        // Arrange
        var env = Env(("GW_TOKEN", "from-process"), ("OTHER", "kept"));
        var main = _temp.Write("openclaw.json", "{ env: { GW_TOKEN: 'from-block', vars: { OTHER: 'nope' } }, t: '${GW_TOKEN}' }");

        // Act
        var root = Read(main, env);

        // Assert
        env.Get("GW_TOKEN").Should().Be("from-process");
        env.Get("OTHER").Should().Be("kept");
        root["t"]!.GetValue<string>().Should().Be("from-process");
    }

    [Fact]
    public void Read_DotEnvInStateDir_SetsUnsetVariables()
    {
        // Arrange
        var env = Env(("ALREADY", "process"));
        _temp.Write("state/.env", "# comment\nPLAIN=one\nexport EXPORTED=two\nQUOTED=\"three four\"\nSINGLE='five'\nALREADY=dotenv\n\nnot a pair\n");
        var main = _temp.Write("openclaw.json", "{ v: ['${PLAIN}', '${EXPORTED}', '${QUOTED}', '${SINGLE}', '${ALREADY}'] }");

        // Act
        var root = Read(main, env);

        // Assert
        root["v"]!.AsArray().Select(n => n!.GetValue<string>()).Should().Equal("one", "two", "three four", "five", "process");
    }

    [Fact]
    public void Read_EnvBlockAndDotEnv_EnvBlockWinsBecauseItIsAppliedFirst()
    {
        // Arrange
        var env = new DictionaryEnvironment();
        _temp.Write("state/.env", "SHARED=dotenv\n");
        var main = _temp.Write("openclaw.json", "{ env: { SHARED: 'block' } }");

        // Act
        Read(main, env);

        // Assert
        env.Get("SHARED").Should().Be("block");
    }

    [Fact]
    public void Read_Substitution_ReplacesEveryReferenceInStringsArraysAndNestedObjects()
    {
        // Arrange
        var env = Env(("HOST", "127.0.0.1"), ("PORT", "18900"), ("KEY", "sk-1"));
        var main = _temp.Write("openclaw.json", "{ a: { url: 'http://${HOST}:${PORT}/v1', list: ['${KEY}', { deep: 'x-${KEY}-y' }] }, n: 5 }");

        // Act
        var root = Read(main, env);

        // Assert
        JsonNode.DeepEquals(
            root,
            JsonNode.Parse("""{"a":{"url":"http://127.0.0.1:18900/v1","list":["sk-1",{"deep":"x-sk-1-y"}]},"n":5}""")).Should().BeTrue(root.ToJsonString());
    }

    [Fact]
    public void Read_DoubleDollar_YieldsLiteralReference()
    {
        // Arrange
        var env = Env(("SECRET", "must-not-appear"));
        var main = _temp.Write("openclaw.json", "{ a: '$${SECRET}', b: 'cost $$5 and $${NOT_SET} and ${SECRET}' }");

        // Act
        var root = Read(main, env);

        // Assert
        root["a"]!.GetValue<string>().Should().Be("${SECRET}");
        root["b"]!.GetValue<string>().Should().Be("cost $$5 and ${NOT_SET} and must-not-appear");
    }

    [Theory]
    [InlineData("{ a: '${lower}' }", "${lower}")]
    [InlineData("{ a: '${1ABC}' }", "${1ABC}")]
    [InlineData("{ a: '$NOBRACES' }", "$NOBRACES")]
    [InlineData("{ a: '${UNCLOSED' }", "${UNCLOSED")]
    [InlineData("{ a: '${}' }", "${}")]
    public void Read_TextThatIsNotAVariableReference_IsKept(string text, string expected)
    {
        // Arrange
        var main = _temp.Write("openclaw.json", text);

        // Act
        var root = Read(main, new DictionaryEnvironment());

        // Assert
        root["a"]!.GetValue<string>().Should().Be(expected);
    }

    [Fact]
    public void Read_MissingVariable_ThrowsNamingVariableAndPath()
    {
        // Arrange
        var main = _temp.Write("openclaw.json", "{ a: { b: ['${MISSING_VAR}'] } }");

        // Act
        var act = () => Read(main, new DictionaryEnvironment());

        // Assert
        act.Should().Throw<ConfigException>().WithMessage("missing env var MISSING_VAR at a.b[0]");
    }

    [Fact]
    public void Read_MissingVariableInNestedObjectKey_ReportsDottedPath()
    {
        // Arrange
        var main = _temp.Write("openclaw.json", "{ models: { providers: { mock: { apiKey: '${MOCK_KEY}' } } } }");

        // Act
        var act = () => Read(main, new DictionaryEnvironment());

        // Assert
        act.Should().Throw<ConfigException>().WithMessage("missing env var MOCK_KEY at models.providers.mock.apiKey");
    }

    [Fact]
    public void Read_SubstitutionInIncludedFile_UsesEnvBlockOfTheMainFile()
    {
        // Arrange
        var env = new DictionaryEnvironment();
        _temp.Write("gateway.json5", "{ gateway: { auth: { token: '${INCLUDED_TOKEN}' } } }");
        var main = _temp.Write("openclaw.json", "{ $include: 'gateway.json5', env: { INCLUDED_TOKEN: 'tok' } }");

        // Act
        var root = Read(main, env);

        // Assert
        root["gateway"]!["auth"]!["token"]!.GetValue<string>().Should().Be("tok");
    }

    private JsonObject Read(string path, IProcessEnvironment env) => ConfigFileReader.Read(path, _temp.Combine("state"), env);

    private static DictionaryEnvironment Env(params (string Name, string Value)[] variables) =>
        new(variables.ToDictionary(v => v.Name, v => v.Value));
}
