using System.Text;
using System.Text.Json.Nodes;
using OpenClaw.Core.Configuration;

namespace OpenClaw.Core.Tests.Configuration;

public class Json5Tests
{
    [Fact]
    public void Parse_NullLiteral_ReturnsNull()
    {
        Json5.Parse("null").Should().BeNull();
    }

    [Fact]
    public void Parse_NullText_ThrowsArgumentNullException()
    {
        var act = () => Json5.Parse(null!);

        act.Should().Throw<ArgumentNullException>();
    }

    [Theory]
    [InlineData("true", true)]
    [InlineData("false", false)]
    [InlineData(" /* flag */ true // on\n", true)]
    public void Parse_Booleans_AreParsed(string text, bool expected)
    {
        Json5.Parse(text)!.GetValue<bool>().Should().Be(expected);
    }

    [Theory]
    [InlineData("// leading\n[1, 2]")]
    [InlineData("[1, 2] // trailing")]
    [InlineData("[1, 2] // trailing without newline at end of input")]
    [InlineData("/* a */[/* b */1/* c */,/* d */2/* e */]/* f */")]
    [InlineData("[1, // one\n 2 // two\n]")]
    [InlineData("[1,\r\n// windows line\r\n2]")]
    [InlineData("[1, /* multi\n line\n comment */ 2]")]
    [InlineData("[1, /* stars ** inside */ 2]")]
    [InlineData("[1, /**/ 2]")]
    [InlineData("[1, /* // nested line comment */ 2]")]
    [InlineData("[1, // /* not a block comment\n2]")]
    [InlineData("[1,\u2028// ends at LS\u20282]")]
    public void Parse_Comments_AreIgnoredWhereWhitespaceIsAllowed(string text)
    {
        JsonNode.DeepEquals(Json5.Parse(text), JsonNode.Parse("[1, 2]")).Should().BeTrue();
    }

    [Fact]
    public void Parse_CommentMarkersInsideStrings_AreKeptAsText()
    {
        var node = Json5.Parse("{ url: 'http://example.com/*x*/', note: \"// not a comment\" }")!;

        node["url"]!.GetValue<string>().Should().Be("http://example.com/*x*/");
        node["note"]!.GetValue<string>().Should().Be("// not a comment");
    }

    [Theory]
    [InlineData("[1, 2,]", "[1, 2]")]
    [InlineData("[1, 2 , /* c */ ]", "[1, 2]")]
    [InlineData("[[1,],]", "[[1]]")]
    [InlineData("{a: 1, b: 2,}", "{\"a\": 1, \"b\": 2}")]
    [InlineData("{a: {b: 1,}, // c\n}", "{\"a\": {\"b\": 1}}")]
    [InlineData("[]", "[]")]
    [InlineData("{}", "{}")]
    public void Parse_TrailingCommas_AreAccepted(string text, string json)
    {
        JsonNode.DeepEquals(Json5.Parse(text), JsonNode.Parse(json)).Should().BeTrue();
    }

    [Theory]
    [InlineData("{a: 1}", "a")]
    [InlineData("{$: 1}", "$")]
    [InlineData("{_private: 1}", "_private")]
    [InlineData("{a1_$b: 1}", "a1_$b")]
    [InlineData("{camelCase: 1}", "camelCase")]
    [InlineData("{true: 1}", "true")]
    [InlineData("{null: 1}", "null")]
    [InlineData("{Infinity: 1}", "Infinity")]
    [InlineData("{café: 1}", "café")]
    [InlineData("{ünïcödé: 1}", "ünïcödé")]
    [InlineData("{日本語: 1}", "日本語")]
    [InlineData("{Ⅻ: 1}", "Ⅻ")]
    [InlineData("{a\u0301: 1}", "a\u0301")]
    [InlineData("{a\u200Cb\u200Dc: 1}", "a\u200Cb\u200Dc")]
    [InlineData("{a‿b: 1}", "a‿b")]
    [InlineData("{a٣: 1}", "a٣")]
    [InlineData("{𝐀𝐁: 1}", "𝐀𝐁")]
    [InlineData("{\\u0061b: 1}", "ab")]
    [InlineData("{a\\u0062c: 1}", "abc")]
    [InlineData("{\\u00e9t\\u00E9: 1}", "été")]
    [InlineData("{'single': 1}", "single")]
    [InlineData("{\"double\": 1}", "double")]
    [InlineData("{'with space': 1}", "with space")]
    [InlineData("{'': 1}", "")]
    public void Parse_PropertyNames_AreDecoded(string text, string expectedKey)
    {
        var node = Json5.Parse(text)!.AsObject();

        node.Count.Should().Be(1);
        node.Single().Key.Should().Be(expectedKey);
        node[expectedKey]!.GetValue<int>().Should().Be(1);
    }

    [Theory]
    [InlineData("{1a: 1}", 1, 2)]
    [InlineData("{-a: 1}", 1, 2)]
    [InlineData("{a-b: 1}", 1, 3)]
    [InlineData("{a b: 1}", 1, 4)]
    [InlineData("{\u0301a: 1}", 1, 2)]
    [InlineData("{\\u0031: 1}", 1, 2)]
    [InlineData("{a\\u002D: 1}", 1, 3)]
    [InlineData("{\\x61: 1}", 1, 2)]
    [InlineData("{\\u006: 1}", 1, 2)]
    [InlineData("{a\\", 1, 3)]
    public void Parse_InvalidPropertyNames_Throw(string text, int line, int column)
    {
        var act = () => Json5.Parse(text);

        act.Should().Throw<Json5Exception>().Where(e => e.Line == line && e.Column == column);
    }

    [Theory]
    [InlineData(@"'it\'s'", "it's")]
    [InlineData(@"""say \""hi\""""", "say \"hi\"")]
    [InlineData(@"'say ""hi""'", "say \"hi\"")]
    [InlineData(@"""it's""", "it's")]
    [InlineData(@"'back\\slash'", "back\\slash")]
    [InlineData(@"'\b\f\n\r\t\v'", "\b\f\n\r\t\v")]
    [InlineData(@"'nul\0!'", "nul\0!")]
    [InlineData(@"'\0'", "\0")]
    [InlineData(@"'\x41\x7a\xFF'", "Az\u00FF")]
    [InlineData(@"'\u0041\u00e9\u4E2D'", "Aé中")]
    [InlineData(@"'\uD83D\uDE00'", "😀")]
    [InlineData(@"'\a\c\d\/\ '", "acd/ ")]
    [InlineData("'raw 😀 and tab\tinside'", "raw 😀 and tab\tinside")]
    [InlineData("'one\\\ntwo'", "onetwo")]
    [InlineData("'one\\\r\ntwo'", "onetwo")]
    [InlineData("'one\\\rtwo'", "onetwo")]
    [InlineData("'one\\\u2028two'", "onetwo")]
    [InlineData("'one\\\u2029two'", "onetwo")]
    [InlineData("'raw\u2028line\u2029separators'", "raw\u2028line\u2029separators")]
    [InlineData("''", "")]
    [InlineData("\"\"", "")]
    public void Parse_Strings_DecodeAllEscapes(string text, string expected)
    {
        Json5.Parse(text)!.GetValue<string>().Should().Be(expected);
    }

    [Fact]
    public void Parse_LoneSurrogateEscape_IsKeptAsIs()
    {
        Json5.Parse(@"'\uD800x'")!.GetValue<string>().Should().Be("\uD800x");
    }

    [Theory]
    [InlineData("0", 0)]
    [InlineData("42", 42)]
    [InlineData("-42", -42)]
    [InlineData("+42", 42)]
    [InlineData("0x1F", 31)]
    [InlineData("0XfF", 255)]
    [InlineData("-0x10", -16)]
    [InlineData("+0x10", 16)]
    [InlineData("2147483647", int.MaxValue)]
    public void Parse_SmallIntegers_SupportGetValueInt(string text, int expected)
    {
        var node = Json5.Parse(text)!;

        node.GetValue<int>().Should().Be(expected);
        node.GetValue<long>().Should().Be(expected);
        node.GetValue<double>().Should().Be(expected);
    }

    [Theory]
    [InlineData("1.5", 1.5)]
    [InlineData(".5", 0.5)]
    [InlineData("-.5", -0.5)]
    [InlineData("+.5", 0.5)]
    [InlineData("5.", 5.0)]
    [InlineData("-5.", -5.0)]
    [InlineData("5.e2", 500.0)]
    [InlineData("1e3", 1000.0)]
    [InlineData("1E-3", 0.001)]
    [InlineData("+1e+3", 1000.0)]
    [InlineData(".5e1", 5.0)]
    [InlineData("0.0", 0.0)]
    [InlineData("123.456e-2", 1.23456)]
    [InlineData("1e400", double.PositiveInfinity)]
    [InlineData("Infinity", double.PositiveInfinity)]
    [InlineData("+Infinity", double.PositiveInfinity)]
    [InlineData("-Infinity", double.NegativeInfinity)]
    [InlineData("NaN", double.NaN)]
    [InlineData("-NaN", double.NaN)]
    public void Parse_Numbers_SupportGetValueDouble(string text, double expected)
    {
        Json5.Parse(text)!.GetValue<double>().Should().Be(expected);
    }

    [Theory]
    [InlineData("9223372036854775807", long.MaxValue)]
    [InlineData("-9223372036854775808", long.MinValue)]
    [InlineData("0x7FFFFFFFFFFFFFFF", long.MaxValue)]
    [InlineData("-0x8000000000000000", long.MinValue)]
    public void Parse_LongIntegers_SupportGetValueLong(string text, long expected)
    {
        Json5.Parse(text)!.GetValue<long>().Should().Be(expected);
    }

    [Theory]
    [InlineData("18446744073709551616", 18446744073709551616d)]
    [InlineData("0xFFFFFFFFFFFFFFFFFF", 4722366482869645213695d)]
    [InlineData("-0x10000000000000000", -18446744073709551616d)]
    public void Parse_IntegersBeyondLong_SupportGetValueDouble(string text, double expected)
    {
        Json5.Parse(text)!.GetValue<double>().Should().Be(expected);
    }

    [Fact]
    public void Parse_HexBeyondDoubleRange_IsInfinity()
    {
        Json5.Parse("0x" + new string('F', 100_000))!.GetValue<double>().Should().Be(double.PositiveInfinity);
        Json5.Parse("-0x" + new string('F', 300))!.GetValue<double>().Should().Be(double.NegativeInfinity);
        Json5.Parse("0x" + new string('0', 1_000) + "1F")!.GetValue<int>().Should().Be(31);
    }

    [Fact]
    public void Parse_Decimals_KeepTheirExactValue()
    {
        Json5.Parse("0.1")!.GetValue<decimal>().Should().Be(0.1m);
        Json5.Parse(".1")!.GetValue<decimal>().Should().Be(0.1m);
    }

    [Fact]
    public void Parse_NegativeZero_KeepsItsSign()
    {
        double.IsNegative(Json5.Parse("-0")!.GetValue<double>()).Should().BeTrue();
        double.IsNegative(Json5.Parse("-0.0")!.GetValue<double>()).Should().BeTrue();
        double.IsNegative(Json5.Parse("-0x0")!.GetValue<double>()).Should().BeTrue();
    }

    [Theory]
    [InlineData("\uFEFF{a: 1}")]
    [InlineData("\t{\va:\f1\r}\n")]
    [InlineData("\u00A0{\u2003a\u3000:\u20281\u2029}\u202F")]
    [InlineData("\r\n{\r\n  a: 1,\r\n}\r\n")]
    public void Parse_AllJson5Whitespace_IsSkipped(string text)
    {
        JsonNode.DeepEquals(Json5.Parse(text), JsonNode.Parse("{\"a\": 1}")).Should().BeTrue();
    }

    [Fact]
    public void Parse_DuplicateKeys_LastOneWins()
    {
        var node = Json5.Parse("{a: 1, b: 2, 'a': 3, \"a\": {x: 4}}")!.AsObject();

        node.Count.Should().Be(2);
        node["a"]!["x"]!.GetValue<int>().Should().Be(4);
        node["b"]!.GetValue<int>().Should().Be(2);
    }

    [Fact]
    public void Parse_NestedValues_BuildTheExpectedTree()
    {
        var node = Json5.Parse("{list: [1, 'two', [null, true], {three: 3.5}], empty: {}, none: null}")!;

        var expected = JsonNode.Parse("""{"list": [1, "two", [null, true], {"three": 3.5}], "empty": {}, "none": null}""");
        JsonNode.DeepEquals(node, expected).Should().BeTrue();
        node["none"].Should().BeNull();
        node.AsObject().ContainsKey("none").Should().BeTrue();
    }

    [Fact]
    public void Parse_StrictJson_MatchesSystemTextJson()
    {
        const string json = """
            {"a": [1, -2.5e3, 0, true, false, null, "s\u00e9\n\"q\"\\/"], "b": {"c": {}, "d": []}, "e": 1E+2}
            """;

        JsonNode.DeepEquals(Json5.Parse(json), JsonNode.Parse(json)).Should().BeTrue();
    }

    [Fact]
    public void Parse_RealisticOpenClawConfig_EqualsStrictJsonEquivalent()
    {
        // Arrange
        const string json5 = """
            // OpenClaw gateway configuration: ~/.openclaw/openclaw.json
            {
              gateway: {
                mode: 'local',
                port: 18789,
                bind: 'loopback',            // loopback | lan | custom
                auth: {
                  mode: 'token',
                  token: '${OPENCLAW_GATEWAY_TOKEN}',
                  rateLimit: { maxAttempts: 10, windowMs: 60000, lockoutMs: 300000, exemptLoopback: true, },
                },
                trustedProxies: [],
                http: {
                  endpoints: {
                    chatCompletions: { enabled: true, images: { allowUrl: false, maxBytes: 0xA00000, }, },
                  },
                },
              },
              /* Agents: the default one is listed first.
                 Ids are lower-cased on load. */
              agents: {
                defaults: {
                  workspace: '~/.openclaw/workspace',
                  model: { primary: 'anthropic/claude-sonnet-4-5', fallbacks: ['openai/gpt-4.1',], },
                  models: { 'anthropic/claude-sonnet-4-5': { alias: 'sonnet', params: { temperature: .2 } } },
                  timeoutSeconds: 600,
                  maxConcurrent: +4,
                },
                list: [
                  { id: 'main', default: true, name: "Main", identity: { name: 'Samantha', emoji: '🦥' }, },
                  { id: 'beta', name: 'It\'s "beta"', },
                ],
              },
              models: {
                mode: 'merge',
                providers: {
                  mock: {
                    baseUrl: 'http://127.0.0.1:18900/v1',
                    apiKey: 'mock-local',
                    api: 'openai-completions',
                    models: [ { id: 'mock-model', contextWindow: 128000, maxTokens: 4096, cost: { input: 0, output: 0, }, }, ],
                  },
                },
              },
              channels: { telegram: { enabled: false } }, // accepted and ignored
            }
            """;
        const string json = """
            {
              "gateway": {
                "mode": "local",
                "port": 18789,
                "bind": "loopback",
                "auth": {
                  "mode": "token",
                  "token": "${OPENCLAW_GATEWAY_TOKEN}",
                  "rateLimit": { "maxAttempts": 10, "windowMs": 60000, "lockoutMs": 300000, "exemptLoopback": true }
                },
                "trustedProxies": [],
                "http": {
                  "endpoints": {
                    "chatCompletions": { "enabled": true, "images": { "allowUrl": false, "maxBytes": 10485760 } }
                  }
                }
              },
              "agents": {
                "defaults": {
                  "workspace": "~/.openclaw/workspace",
                  "model": { "primary": "anthropic/claude-sonnet-4-5", "fallbacks": ["openai/gpt-4.1"] },
                  "models": { "anthropic/claude-sonnet-4-5": { "alias": "sonnet", "params": { "temperature": 0.2 } } },
                  "timeoutSeconds": 600,
                  "maxConcurrent": 4
                },
                "list": [
                  { "id": "main", "default": true, "name": "Main", "identity": { "name": "Samantha", "emoji": "🦥" } },
                  { "id": "beta", "name": "It's \"beta\"" }
                ]
              },
              "models": {
                "mode": "merge",
                "providers": {
                  "mock": {
                    "baseUrl": "http://127.0.0.1:18900/v1",
                    "apiKey": "mock-local",
                    "api": "openai-completions",
                    "models": [ { "id": "mock-model", "contextWindow": 128000, "maxTokens": 4096, "cost": { "input": 0, "output": 0 } } ]
                  }
                }
              },
              "channels": { "telegram": { "enabled": false } }
            }
            """;

        // Act
        var parsed = Json5.Parse(json5);

        // Assert
        JsonNode.DeepEquals(parsed, JsonNode.Parse(json)).Should().BeTrue();
        parsed!["gateway"]!["port"]!.GetValue<int>().Should().Be(18789);
        parsed["agents"]!["defaults"]!["models"]!["anthropic/claude-sonnet-4-5"]!["params"]!["temperature"]!
            .GetValue<double>().Should().Be(0.2);
        parsed.ToJsonString().Should().Be(JsonNode.Parse(json)!.ToJsonString());
    }

    [Theory]
    [InlineData("", 1, 1, "empty input")]
    [InlineData("   ", 1, 4, "empty input")]
    [InlineData("// only a comment", 1, 18, "empty input")]
    [InlineData("/* only */\n", 2, 1, "empty input")]
    [InlineData("'abc", 1, 1, "unterminated string")]
    [InlineData("{a: \"abc", 1, 5, "unterminated string")]
    [InlineData("['abc\n']", 1, 2, "unterminated string")]
    [InlineData("['abc\r']", 1, 2, "unterminated string")]
    [InlineData("'abc\\", 1, 1, "unterminated string")]
    [InlineData("[1] /* open", 1, 5, "unterminated comment")]
    [InlineData("[1, /* open */ 2 /*", 1, 18, "unterminated comment")]
    [InlineData(@"'\x4G'", 1, 2, "invalid escape sequence '\\x'")]
    [InlineData(@"'\x4'", 1, 2, "invalid escape sequence '\\x'")]
    [InlineData(@"'ab\u12'", 1, 4, "invalid escape sequence '\\u'")]
    [InlineData(@"'\u12G4'", 1, 2, "invalid escape sequence '\\u'")]
    [InlineData("'\\u004\0'", 1, 2, "invalid escape sequence '\\u'")]
    [InlineData("'\\x4\0'", 1, 2, "invalid escape sequence '\\x'")]
    [InlineData("{\\u006\0: 1}", 1, 2, "invalid escape sequence in property name")]
    [InlineData(@"'\1'", 1, 2, "octal escapes are not allowed")]
    [InlineData(@"'\01'", 1, 2, "octal escapes are not allowed")]
    [InlineData(@"'\9'", 1, 2, "octal escapes are not allowed")]
    [InlineData("{} x", 1, 4, "unexpected character 'x' after the root value")]
    [InlineData("1 2", 1, 3, "unexpected character '2' after the root value")]
    [InlineData("[1]]", 1, 4, "unexpected character ']' after the root value")]
    [InlineData("nullx", 1, 5, "after the root value")]
    [InlineData("}", 1, 1, "unexpected character '}', expected a value")]
    [InlineData("[1 2]", 1, 4, "unexpected character '2', expected ',' or ']'")]
    [InlineData("[1,,2]", 1, 4, "unexpected character ',', expected a value")]
    [InlineData("[,]", 1, 2, "unexpected character ',', expected a value")]
    [InlineData("{,}", 1, 2, "unexpected character ',', expected a property name or '}'")]
    [InlineData("{a 1}", 1, 4, "unexpected character '1', expected ':'")]
    [InlineData("{a: 1 b: 2}", 1, 7, "unexpected character 'b', expected ',' or '}'")]
    [InlineData("{a: b}", 1, 5, "unexpected character 'b', expected a value")]
    [InlineData("{a: 1]", 1, 6, "expected ',' or '}'")]
    [InlineData("[1}", 1, 3, "expected ',' or ']'")]
    [InlineData("{a: undefined}", 1, 5, "unexpected character 'u'")]
    [InlineData("[1,", 1, 4, "unexpected end of input, expected a value")]
    [InlineData("{a:", 1, 4, "unexpected end of input, expected a value")]
    [InlineData("{a", 1, 3, "unexpected end of input, expected ':'")]
    [InlineData("{", 1, 2, "unexpected end of input, expected a property name or '}'")]
    [InlineData("[1", 1, 3, "unexpected end of input, expected ',' or ']'")]
    [InlineData("tru", 1, 4, "unexpected end of input, expected 'true'")]
    [InlineData("trUe", 1, 3, "unexpected character 'U', expected 'true'")]
    [InlineData("nul", 1, 4, "expected 'null'")]
    [InlineData("Infinit", 1, 8, "expected 'Infinity'")]
    [InlineData("-infinity", 1, 2, "unexpected character 'i', expected a digit")]
    [InlineData("NAN", 1, 2, "expected 'NaN'")]
    [InlineData("01", 1, 2, "leading zeros are not allowed")]
    [InlineData("-007", 1, 3, "leading zeros are not allowed")]
    [InlineData("1e", 1, 3, "unexpected end of input, expected a digit in the exponent")]
    [InlineData("1e+x", 1, 4, "unexpected character 'x', expected a digit in the exponent")]
    [InlineData(".", 1, 2, "unexpected end of input, expected a digit")]
    [InlineData("+", 1, 2, "unexpected end of input, expected a digit")]
    [InlineData("-.e1", 1, 3, "unexpected character 'e', expected a digit")]
    [InlineData("0x", 1, 3, "unexpected end of input, expected a hex digit")]
    [InlineData("0xG", 1, 3, "unexpected character 'G', expected a hex digit")]
    [InlineData("0x1.5", 1, 4, "after the root value")]
    [InlineData("1..2", 1, 3, "after the root value")]
    [InlineData("/ 1", 1, 1, "unexpected character '/'")]
    [InlineData("[1 / 2]", 1, 4, "unexpected character '/'")]
    [InlineData("\u0001", 1, 1, "unexpected character U+0001, expected a value")]
    [InlineData("{'a': 1, 'a' }", 1, 14, "unexpected character '}', expected ':'")]
    public void Parse_InvalidInput_ThrowsJson5ExceptionWithPosition(string text, int line, int column, string detail)
    {
        var act = () => Json5.Parse(text);

        var error = act.Should().Throw<Json5Exception>().Which;
        error.Message.Should().Contain(detail);
        (error.Line, error.Column).Should().Be((line, column));
    }

    [Fact]
    public void Parse_Error_MessageNamesLineAndColumn()
    {
        // Arrange
        const string text = "{\n  a: 1,\n  b: }\n}";

        // Act
        var act = () => Json5.Parse(text);

        // Assert
        var error = act.Should().Throw<Json5Exception>().Which;
        error.Message.Should().Be("JSON5 syntax error at line 3, column 6: unexpected character '}', expected a value");
        error.Line.Should().Be(3);
        error.Column.Should().Be(6);
        error.Should().BeAssignableTo<FormatException>();
    }

    [Theory]
    [InlineData("{\n  a: 1,\n  b: ?\n}", 3, 6)]
    [InlineData("{\r\n  a: 1,\r\n  b: ?\r\n}", 3, 6)]
    [InlineData("{\r  a: 1,\r  b: ?\r}", 3, 6)]
    [InlineData("{\u2028  a: 1,\u2029  b: ?\n}", 3, 6)]
    [InlineData("/* one\ntwo\r\nthree */ [1,\n\n   ?]", 5, 4)]
    [InlineData("[\n'a\\\nb', // c\n?]", 4, 1)]
    [InlineData("\uFEFF?", 1, 2)]
    [InlineData("['😀', ?]", 1, 8)]
    public void Parse_Error_ReportsLineAndColumnAcrossLineTerminators(string text, int line, int column)
    {
        var act = () => Json5.Parse(text);

        act.Should().Throw<Json5Exception>().Where(e => e.Line == line && e.Column == column);
    }

    [Fact]
    public void Parse_ErrorAtEndOfMultilineInput_PointsPastLastCharacter()
    {
        var act = () => Json5.Parse("{\n  a: [1, 2,\n");

        act.Should().Throw<Json5Exception>().Where(e => e.Line == 3 && e.Column == 1);
    }

    [Theory]
    [InlineData('[', ']')]
    [InlineData('{', '}')]
    public void Parse_NestingAtMaxDepth_IsAccepted(char open, char close)
    {
        var text = Nest(open, close, Json5.MaxDepth);

        var act = () => Json5.Parse(text);

        act.Should().NotThrow();
    }

    [Theory]
    [InlineData('[', ']')]
    [InlineData('{', '}')]
    public void Parse_NestingBeyondMaxDepth_ThrowsJson5Exception(char open, char close)
    {
        var text = Nest(open, close, Json5.MaxDepth + 1);

        var act = () => Json5.Parse(text);

        act.Should().Throw<Json5Exception>().WithMessage("*nesting depth exceeds the limit of 256*");
    }

    [Fact]
    public void Parse_ExtremelyDeepUnclosedNesting_ThrowsJson5ExceptionInsteadOfOverflowingTheStack()
    {
        var text = new string('[', 1_000_000);

        var act = () => Json5.Parse(text);

        act.Should().Throw<Json5Exception>().Where(e => e.Line == 1 && e.Column == Json5.MaxDepth + 1);
    }

    [Fact]
    public void Parse_RandomAndMutatedInputs_OnlyThrowJson5Exception()
    {
        // Arrange
        var random = new Random(20260522);
        string[] seeds =
        [
            "{a: 1, 'b': [true, false, null, .5, +5., 0x1F, -Infinity, NaN], \"c\": 'x\\u0041\\x42\\\ny', }",
            "// c\n{ gateway: { port: 18789, bind: 'loopback', }, /* x */ agents: { list: [ { id: 'main' } ] } }",
            "[1e3, -0, '\\uD83D\\uDE00', 'tab\\t', {$_: {}, \\u0061: [[]]}, \"it's\"]",
            "'\\0\\b\\f\\n\\r\\t\\v\\'\\\"\\\\\u2028'",
        ];
        string[] fragments =
        [
            "{", "}", "[", "]", ":", ",", "'", "\"", "\\", "/", "*", "//", "/*", "*/", "\n", "\r", "\r\n", "\u2028",
            "0x", "e", "E", ".", "+", "-", "0", "7", "Infinity", "NaN", "\\u", "\\x", "\\uD800", "a", "$", "_", " ", "\t",
            "\uFEFF", "\uD83D", "\uDE00", "\0", "é", "true", "null", "\u0301", "\u3000",
        ];
        var failures = new List<string>();
        var (parsed, rejected) = (0, 0);

        // Act
        for (var i = 0; i < 2000; i++)
        {
            var text = i % 4 == 0 ? RandomText(random, fragments) : Mutate(random, seeds[random.Next(seeds.Length)], fragments);
            try
            {
                Json5.Parse(text);
                parsed++;
            }
            catch (Json5Exception e) when (e.Line >= 1 && e.Column >= 1)
            {
                rejected++;
            }
            catch (Exception e)
            {
                failures.Add($"{e.GetType().Name} for {Escape(text)}: {e.Message}");
            }
        }

        // Assert
        failures.Should().BeEmpty();
        parsed.Should().BePositive();
        rejected.Should().BePositive();
    }

    private static string Nest(char open, char close, int depth)
    {
        var builder = new StringBuilder();
        for (var i = 0; i < depth; i++)
        {
            builder.Append(open).Append(open == '{' && i < depth - 1 ? "a:" : "");
        }

        return builder.Append(close, depth).ToString();
    }

    private static string RandomText(Random random, string[] fragments)
    {
        var builder = new StringBuilder();
        var count = random.Next(1, 30);
        for (var i = 0; i < count; i++)
        {
            builder.Append(fragments[random.Next(fragments.Length)]);
        }

        return builder.ToString();
    }

    private static string Mutate(Random random, string seed, string[] fragments)
    {
        var builder = new StringBuilder(seed);
        var mutations = random.Next(1, 4);
        for (var m = 0; m < mutations && builder.Length > 0; m++)
        {
            var at = random.Next(builder.Length);
            switch (random.Next(5))
            {
                case 0:
                    builder.Insert(at, fragments[random.Next(fragments.Length)]);
                    break;
                case 1:
                    builder.Remove(at, Math.Min(random.Next(1, 6), builder.Length - at));
                    break;
                case 2:
                    builder[at] = (char)random.Next(0, 0x3000);
                    break;
                case 3:
                    builder.Length = at;
                    break;
                default:
                    builder.Insert(at, builder.ToString(at, Math.Min(random.Next(1, 12), builder.Length - at)));
                    break;
            }
        }

        return builder.ToString();
    }

    private static string Escape(string text) =>
        string.Concat(text.Select(c => c is < ' ' or > '~' ? $"\\u{(int)c:X4}" : c.ToString()));
}
