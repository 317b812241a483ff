using System.Text;
using System.Text.Json.Nodes;
using OpenClaw.Testing;

namespace OpenClaw.Gateway.Tests.OpenAi;

/// <summary>
/// Chat completion bodies for the fuzz test: a valid body of one of several shapes, mutated in its tree (wrong types,
/// removed and added keys, odd tool, tool_choice and image shapes) and then, often, in its bytes (invalid UTF-8,
/// lone surrogate escapes, truncation, stray bytes, duplicate keys, huge or non-JSON numbers, deep nesting, BOMs).
/// Everything comes from the <see cref="Random"/> given, so a case is reproduced from its seed alone.
/// </summary>
internal sealed class MalformedRequestGenerator(Random random)
{
    // Placeholders put in strings and names of the tree, turned into raw bytes after serialization (a .NET string
    // cannot hold invalid UTF-8, and JsonNode refuses lone surrogates).
    private static readonly (string Marker, byte[] Bytes)[] Faults =
    [
        ("QQHIGHQQ", "\\ud800"u8.ToArray()),
        ("QQLOWQQ", "\\udc00"u8.ToArray()),
        ("QQCUTQQ", "\\ud83d"u8.ToArray()),
        ("QQPAIRQQ", "\\ud83d\\ude00"u8.ToArray()),
        ("QQFFQQ", [0xFF]),
        ("QQOVERLONGQQ", [0xC0, 0xAF]),
        ("QQSURROGATEQQ", [0xED, 0xA0, 0x80]),
        ("QQTRUNCATEDQQ", [0xE2, 0x82]),
        ("QQBEYONDQQ", [0xF4, 0x90, 0x80, 0x80]),
        ("QQNULQQ", "\\u0000"u8.ToArray()),
    ];

    private static readonly string[] Keys =
    [
        "model", "messages", "stream", "stream_options", "include_usage", "user", "tools", "tool_choice", "max_tokens",
        "max_completion_tokens", "temperature", "top_p", "frequency_penalty", "presence_penalty", "seed", "stop",
        "response_format", "role", "content", "type", "text", "input_text", "image_url", "url", "tool_calls", "id",
        "function", "name", "arguments", "description", "parameters", "tool_call_id", "json_schema", "n", "metadata",
    ];

    private static readonly string[] Strings =
    [
        "", " ", "hi", "openclaw", "openclaw/main", "openclaw/nobody", "agent:main", "gpt-4o", "user", "system", "developer",
        "assistant", "tool", "function", "text", "input_text", "image_url", "none", "auto", "required", "allowed_tools",
        "json_object", "json_schema", "get_weather", "call_1", "{\"city\":\"Paris\"}", "{not json", "\t\n", "openclaw/",
        TestImages.DataUri(TestImages.Png), TestImages.DataUri(TestImages.Svg, "image/svg+xml"), "data:image/png;base64,",
        "data:image/png,abc", "data:;base64,AAAA", "http://127.0.0.1/x.png", "https://example.com/a.png", "ftp://x",
        "x QQHIGHQQ y", "QQLOWQQ", "cut QQCUTQQ", "pair QQPAIRQQ", "a QQFFQQ b", "QQOVERLONGQQ", "QQSURROGATEQQ z",
        "QQTRUNCATEDQQ", "QQBEYONDQQ", "nul QQNULQQ", "data:image/png;base64,iVBQQHIGHQQ", "get_QQFFQQ",
    ];

    private static readonly string[] RawValues =
    [
        "1e400", "-1e400", "123456789012345678901234567890", "9007199254740993", "-0", "0.0000000000000000000001",
        "NaN", "Infinity", "-Infinity", "undefined", "'single'", "tru", "nul", "0x10", "01", ".5", "1.", "+1",
        "\"\\ud800\"", "\"\\x\"", "\"\\u12\"", "[", "{", "}", "]", "\"unterminated", "[1,]", "{\"a\":1,}",
    ];

    /// <summary>One body, with a short description of what was done to it (for the failure message).</summary>
    public (byte[] Body, string Recipe) Next()
    {
        var recipe = new StringBuilder();
        if (random.Next(20) == 0)
        {
            var special = Special();
            recipe.Append("special:").Append(special.Name);
            return (special.Body, recipe.ToString());
        }

        var (tree, shape) = Base();
        recipe.Append(shape);
        var mutations = random.Next(4);
        for (var i = 0; i < mutations; i++)
        {
            tree = MutateTree(tree, recipe);
        }

        var body = Materialize(tree?.ToJsonString() ?? "null");
        var byteMutations = random.Next(3) == 0 ? 1 + random.Next(2) : 0;
        for (var i = 0; i < byteMutations; i++)
        {
            body = MutateBytes(body, recipe);
        }

        return (body, recipe.ToString());
    }

    private (JsonNode? Tree, string Shape) Base()
    {
        var user = new JsonObject { ["role"] = "user", ["content"] = Pick(Strings) };
        switch (random.Next(7))
        {
            case 0:
                return (new JsonObject { ["model"] = "openclaw", ["messages"] = new JsonArray(user) }, "simple");
            case 1:
                return (new JsonObject
                {
                    ["messages"] = new JsonArray(
                        new JsonObject { ["role"] = "system", ["content"] = "be brief" },
                        new JsonObject { ["role"] = "user", ["content"] = "q1" },
                        new JsonObject { ["role"] = "assistant", ["content"] = "a1" },
                        new JsonObject { ["role"] = "developer", ["content"] = new JsonArray(new JsonObject { ["type"] = "text", ["text"] = "dev" }) },
                        user),
                }, "history");
            case 2:
                return (new JsonObject
                {
                    ["tools"] = new JsonArray(Tool("get_weather")),
                    ["tool_choice"] = random.Next(3) switch
                    {
                        0 => "auto",
                        1 => "required",
                        _ => new JsonObject { ["type"] = "function", ["function"] = new JsonObject { ["name"] = "get_weather" } },
                    },
                    ["messages"] = new JsonArray(
                        new JsonObject { ["role"] = "user", ["content"] = "weather?" },
                        new JsonObject
                        {
                            ["role"] = "assistant",
                            ["content"] = "",
                            ["tool_calls"] = new JsonArray(new JsonObject
                            {
                                ["id"] = "call_1",
                                ["type"] = "function",
                                ["function"] = new JsonObject { ["name"] = "get_weather", ["arguments"] = "{\"city\":\"Paris\"}" },
                            }),
                        },
                        new JsonObject { ["role"] = "tool", ["tool_call_id"] = "call_1", ["content"] = "sunny" }),
                }, "tools");
            case 3:
                return (new JsonObject
                {
                    ["messages"] = new JsonArray(new JsonObject
                    {
                        ["role"] = "user",
                        ["content"] = new JsonArray(
                            new JsonObject { ["type"] = "text", ["text"] = "describe" },
                            new JsonObject { ["type"] = "image_url", ["image_url"] = new JsonObject { ["url"] = TestImages.DataUri(TestImages.Png) } }),
                    }),
                }, "image");
            case 4:
                return (new JsonObject
                {
                    ["model"] = "openclaw/default",
                    ["user"] = "fuzz",
                    ["max_tokens"] = 64,
                    ["max_completion_tokens"] = 32,
                    ["temperature"] = 0.5,
                    ["top_p"] = 0.9,
                    ["frequency_penalty"] = 0,
                    ["presence_penalty"] = -1,
                    ["seed"] = 7,
                    ["stop"] = new JsonArray("END", "STOP"),
                    ["response_format"] = new JsonObject
                    {
                        ["type"] = "json_schema",
                        ["json_schema"] = new JsonObject { ["name"] = "out", ["schema"] = new JsonObject { ["type"] = "object" } },
                    },
                    ["messages"] = new JsonArray(user),
                }, "sampling");
            case 5:
                return (new JsonObject
                {
                    ["stream"] = true,
                    ["stream_options"] = new JsonObject { ["include_usage"] = true },
                    ["messages"] = new JsonArray(user),
                }, "stream");
            default:
                return (new JsonObject
                {
                    ["stream"] = random.Next(2) == 0,
                    ["tools"] = new JsonArray(Tool("a"), Tool("b")),
                    ["tool_choice"] = "required",
                    ["messages"] = new JsonArray(user),
                }, "required");
        }
    }

    private static JsonObject Tool(string name) => new()
    {
        ["type"] = "function",
        ["function"] = new JsonObject
        {
            ["name"] = name,
            ["description"] = "a tool",
            ["parameters"] = new JsonObject
            {
                ["type"] = "object",
                ["properties"] = new JsonObject { ["city"] = new JsonObject { ["type"] = "string", ["enum"] = new JsonArray("Paris", "Rome") } },
            },
        },
    };

    private JsonNode? MutateTree(JsonNode? tree, StringBuilder recipe)
    {
        var slots = new List<(JsonNode? Parent, string? Key, int Index)>();
        Collect(tree, null, null, -1, slots);
        var (parent, key, index) = slots[random.Next(slots.Count)];
        switch (random.Next(5))
        {
            case 0 when parent is JsonObject obj:
                recipe.Append(" -").Append(key);
                obj.Remove(key!);
                return tree;
            case 1:
                var target = parent as JsonObject ?? tree as JsonObject;
                if (target is not null)
                {
                    var name = random.Next(4) == 0 ? Pick(Strings) : Pick(Keys);
                    recipe.Append(" +").Append(name);
                    target[name] = Value(2);
                    return tree;
                }

                goto default;
            case 2 when parent is JsonArray array:
                recipe.Append(" dup[").Append(index).Append(']');
                array.Add(array[index]?.DeepClone());
                return tree;
            default:
                recipe.Append(" =").Append(key ?? (index >= 0 ? $"[{index}]" : "root"));
                var value = Value(2);
                switch (parent)
                {
                    case JsonObject obj:
                        obj[key!] = value;
                        return tree;
                    case JsonArray array:
                        array[index] = value;
                        return tree;
                    default:
                        return value;
                }
        }
    }

    private static void Collect(JsonNode? node, JsonNode? parent, string? key, int index, List<(JsonNode?, string?, int)> slots)
    {
        slots.Add((parent, key, index));
        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, child) in obj.ToList())
                {
                    Collect(child, obj, name, -1, slots);
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    Collect(array[i], array, null, i, slots);
                }

                break;
        }
    }

    /// <summary>A value of any type, including the shapes the endpoint looks into.</summary>
    private JsonNode? Value(int depth)
    {
        switch (random.Next(depth > 0 ? 14 : 8))
        {
            case 0:
                return null;
            case 1:
                return random.Next(2) == 0;
            case 2:
                return Pick([0, -1, 1, 1.5, 2, 3, -2.5, 1e308, 9007199254740992d, 4.9e-324, 64, 100000]);
            case 3 or 4 or 5:
                return Pick(Strings);
            case 6:
                return new string('x', random.Next(2) == 0 ? 300 : 70_000);
            case 7:
                return Pick(Strings) + " " + Pick(Strings);
            case 8:
                var array = new JsonArray();
                for (var i = random.Next(4); i > 0; i--)
                {
                    array.Add(Value(depth - 1));
                }

                return array;
            case 9:
                var obj = new JsonObject();
                for (var i = random.Next(4); i > 0; i--)
                {
                    obj[random.Next(3) == 0 ? Pick(Strings) : Pick(Keys)] = Value(depth - 1);
                }

                return obj;
            case 10:
                return new JsonObject { ["role"] = Pick(Strings), ["content"] = Value(depth - 1) };
            case 11:
                return new JsonObject { ["type"] = Pick(["image_url", "text", "input_text", "function"]), ["image_url"] = Value(depth - 1), ["text"] = Value(depth - 1) };
            case 12:
                return new JsonObject { ["type"] = "function", ["function"] = new JsonObject { ["name"] = Value(depth - 1), ["parameters"] = Value(depth - 1) } };
            default:
                return new JsonObject { ["id"] = Value(depth - 1), ["function"] = new JsonObject { ["name"] = Pick(Strings), ["arguments"] = Value(depth - 1) } };
        }
    }

    private byte[] MutateBytes(byte[] body, StringBuilder recipe)
    {
        if (body.Length == 0)
        {
            return body;
        }

        var at = random.Next(body.Length);
        switch (random.Next(7))
        {
            case 0:
                recipe.Append(" truncate@").Append(at);
                return body[..at];
            case 1:
                var stray = Pick(Faults).Bytes;
                recipe.Append(" insert@").Append(at);
                return [.. body[..at], .. stray, .. body[at..]];
            case 2:
                recipe.Append(" byte@").Append(at);
                var copy = (byte[])body.Clone();
                copy[at] = (byte)random.Next(256);
                return copy;
            case 3 when body[0] == (byte)'{':
                // A key up front (the body's own later one wins) or at the end (this one wins): duplicate keys.
                var member = Encoding.UTF8.GetBytes($"\"{Pick(Keys)}\":{Pick(RawValues)}");
                recipe.Append(" rawkey");
                return random.Next(2) == 0
                    ? [(byte)'{', .. member, (byte)',', .. body[1..]]
                    : [.. body[..^1], (byte)',', .. member, (byte)'}'];
            case 4:
                recipe.Append(" bom");
                return [0xEF, 0xBB, 0xBF, .. body];
            case 5:
                recipe.Append(" spaces");
                return [.. " \r\n\t"u8, .. body, .. "\n "u8];
            default:
                var quote = Array.IndexOf(body, (byte)'"', at);
                if (quote < 0)
                {
                    return body;
                }

                recipe.Append(" instring@").Append(quote);
                return [.. body[..(quote + 1)], .. Pick(Faults).Bytes, .. body[(quote + 1)..]];
        }
    }

    private (string Name, byte[] Body) Special()
    {
        var depth = Pick([10, 62, 63, 64, 65, 200, 5000]);
        return random.Next(12) switch
        {
            0 => ("empty", []),
            1 => ("whitespace", " \r\n\t "u8.ToArray()),
            2 => ("bom-only", [0xEF, 0xBB, 0xBF]),
            3 => ("null", "null"u8.ToArray()),
            4 => ("array", "[1,2]"u8.ToArray()),
            5 => ($"deep-arrays-{depth}", Encoding.ASCII.GetBytes("{\"messages\":" + new string('[', depth) + new string(']', depth) + "}")),
            6 => ($"deep-objects-{depth}", Encoding.ASCII.GetBytes(
                "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"metadata\":" + string.Concat(Enumerable.Repeat("{\"a\":", depth)) + "1" + new string('}', depth) + "}")),
            7 => ($"deep-parameters-{depth}", Encoding.ASCII.GetBytes(
                "{\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"t\",\"parameters\":" + string.Concat(Enumerable.Repeat("{\"a\":", depth)) + "1"
                + new string('}', depth) + "}}],\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")),
            8 => ("raw-number", Encoding.ASCII.GetBytes("{\"max_tokens\":" + Pick(RawValues) + ",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")),
            9 => ("many-messages", Encoding.ASCII.GetBytes("{\"messages\":[" + string.Join(',', Enumerable.Repeat("{\"role\":\"user\",\"content\":\"m\"}", 20_000)) + "]}")),
            10 => ("many-images", Encoding.ASCII.GetBytes("{\"messages\":[{\"role\":\"user\",\"content\":["
                + string.Join(',', Enumerable.Repeat($"{{\"type\":\"image_url\",\"image_url\":\"{TestImages.DataUri(TestImages.Png)}\"}}", 9)) + "]}]}")),
            _ => ("binary", RandomBytes()),
        };
    }

    private byte[] RandomBytes()
    {
        var bytes = new byte[random.Next(1, 64)];
        random.NextBytes(bytes);
        return bytes;
    }

    /// <summary>The serialized tree with each fault placeholder replaced by its raw bytes.</summary>
    private static byte[] Materialize(string json)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        if (!json.Contains("QQ", StringComparison.Ordinal))
        {
            return bytes;
        }

        foreach (var (marker, raw) in Faults)
        {
            bytes = Replace(bytes, Encoding.ASCII.GetBytes(marker), raw);
        }

        return bytes;
    }

    private static byte[] Replace(byte[] source, byte[] find, byte[] with)
    {
        var result = new List<byte>(source.Length);
        var span = source.AsSpan();
        int at;
        while ((at = span.IndexOf(find)) >= 0)
        {
            result.AddRange(span[..at]);
            result.AddRange(with);
            span = span[(at + find.Length)..];
        }

        result.AddRange(span);
        return [.. result];
    }

    private T Pick<T>(IReadOnlyList<T> items) => items[random.Next(items.Count)];
}
