using OpenClaw.Core.Configuration;
using OpenClaw.Testing;

namespace OpenClaw.Core.Tests.Configuration;

public sealed class ConfigValidatorTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private ConfigValidationResult Validate(string config, DictionaryEnvironment? environment = null, bool tolerate = false)
    {
        var path = _temp.Write("openclaw.json", config);
        return ConfigValidator.Validate(new OpenClawPaths(_temp.Path, path), environment ?? new DictionaryEnvironment(), tolerate);
    }

    [Fact]
    public void Validate_CollectsEveryIssueSeparately()
    {
        var result = Validate("{ gateway: { port: 'x', bind: 'moon' }, session: { idleMinutes: 0 } }");

        result.Valid.Should().BeFalse();
        result.Issues.Should().HaveCount(3);
        result.Issues.Should().Contain("gateway.port: expected integer, received string");
    }

    [Fact]
    public void Validate_MatchesTheLoaderOnAValidFile_WithWarnings()
    {
        var result = Validate("{ gateway: { port: 1234 }, cron: {} }");

        result.Should().BeEquivalentTo(new ConfigValidationResult(
            _temp.Combine("openclaw.json"), [], ["cron is not supported by this gateway and is ignored"], []));
        result.Valid.Should().BeTrue();
    }

    [Fact]
    public void Validate_UnsetVariable_IsAnIssueUnlessTolerated()
    {
        const string config = "{ gateway: { auth: { token: '${TOKEN_A}', password: '${PASS_B}' } }, env: { vars: { FROM_BLOCK: 'x' } }, agents: { list: [ { id: 'main', name: '${FROM_BLOCK}' } ] } }";

        var strict = Validate(config);
        var tolerant = Validate(config, tolerate: true);

        strict.Issues.Should().Equal("missing env var TOKEN_A at gateway.auth.token");
        tolerant.Valid.Should().BeTrue();
        tolerant.UnsetVariables.Should().Equal("PASS_B", "TOKEN_A");
    }

    [Fact]
    public void Validate_ToleratedVariables_StillValidateTheRest()
    {
        var result = Validate("{ gateway: { auth: { token: '${TOKEN_A}' }, port: 'x' } }", tolerate: true);

        result.Issues.Should().Equal("gateway.port: expected integer, received string");
        result.UnsetVariables.Should().Equal("TOKEN_A");
    }

    [Fact]
    public void Validate_IncludeProblems_AreIssues()
    {
        var result = Validate("{ $include: 'missing.json5' }");

        result.Valid.Should().BeFalse();
        result.Issues.Single().Should().StartWith("cannot read config file");
    }

    [Fact]
    public void Validate_MissingFile_IsValid()
    {
        var result = ConfigValidator.Validate(new OpenClawPaths(_temp.Path, _temp.Combine("none.json")), new DictionaryEnvironment());

        result.Valid.Should().BeTrue();
    }
}
