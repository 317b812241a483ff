using System.Globalization;
using System.Net;
using System.Text.Json;
using OpenClaw.Gateway.Tests.Support;
using Xunit.Abstractions;

namespace OpenClaw.Gateway.Tests.OpenAi;

/// <summary>
/// Thousands of generated malformed chat completion bodies (<see cref="MalformedRequestGenerator"/>) against the echo
/// model: never a 5xx except the spec's 502 for an unmet <c>tool_choice</c>, every error in the OpenAI envelope and
/// nothing else, and the gateway still answers a good request afterwards. Seeded: a failure names the seed and the
/// case, and <c>OPENCLAW_FUZZ_SEED</c> runs another seed.
/// </summary>
public sealed class MalformedRequestFuzzTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Cases = 5_000;
    private const int DefaultSeed = 20_260_911;

    private readonly GatewayFactory _factory = new(TestConfigs.EchoOnly, new Dictionary<string, string?>
    {
        // Thousands of turns are written: durability against power loss is not what is tested here.
        ["OpenClaw:Storage:Synchronous"] = "normal",
    });

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task GeneratedMalformedRequests_NeverFailTheServer_AndErrorsKeepTheEnvelope()
    {
        // Arrange
        var seed = Environment.GetEnvironmentVariable("OPENCLAW_FUZZ_SEED") is { } text
            ? int.Parse(text, CultureInfo.InvariantCulture)
            : DefaultSeed;
        output.WriteLine($"seed {seed}");
        using var client = _factory.CreateAuthorizedClient();
        var failures = new List<string>();
        var statuses = new SortedDictionary<int, int>();

        // Act
        for (var i = 0; i < Cases && failures.Count < 5; i++)
        {
            // One generator per case, so a case is reproduced from (seed, i) without replaying the others.
            var (body, recipe) = new MalformedRequestGenerator(new Random(HashCode.Combine(seed, i))).Next();
            using var response = await client.PostBytesAsync(body);
            var status = (int)response.StatusCode;
            statuses[status] = statuses.GetValueOrDefault(status) + 1;
            if (await ProblemAsync(response) is { } problem)
            {
                failures.Add($"seed {seed} case {i} ({recipe}): {problem}\n  body (base64): {Convert.ToBase64String(body[..Math.Min(body.Length, 2048)])}");
            }
        }

        using var good = await client.PostRawAsync(HttpTestExtensions.ChatBody("still here"));

        // Assert
        output.WriteLine("statuses: " + string.Join(", ", statuses.Select(s => $"{s.Key}×{s.Value}")));
        failures.Should().BeEmpty($"seed {seed} must give no 5xx but the unmet tool_choice 502, and only OpenAI envelopes");
        statuses.Keys.Should().Contain([200, 400, 502], "the generator reaches runs, validation failures and unmet tool_choice");
        good.StatusCode.Should().Be(HttpStatusCode.OK);
        (await good.JsonAsync()).GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString().Should().Be("echo: still here");
    }

    /// <summary>What is wrong with the response, or null when it is one the spec allows.</summary>
    private static async Task<string?> ProblemAsync(HttpResponseMessage response)
    {
        var status = (int)response.StatusCode;
        var text = await response.Content.ReadAsStringAsync();
        if (status == 200)
        {
            return response.Content.Headers.ContentType?.MediaType switch
            {
                "text/event-stream" => text.EndsWith("data: [DONE]\n\n", StringComparison.Ordinal) ? null : "stream without [DONE]: " + Tail(text),
                "application/json" => IsCompletion(text) ? null : "200 without a completion: " + Tail(text),
                var other => $"200 as {other}",
            };
        }

        if (status >= 500 && status != 502)
        {
            return $"{status}: {Tail(text)}";
        }

        if (response.Content.Headers.ContentType?.MediaType != "application/json" || EnvelopeProblem(text) is { } shape)
        {
            return $"{status} not in the OpenAI envelope: {Tail(text)}";
        }

        if (status == 502)
        {
            using var document = JsonDocument.Parse(text);
            var error = document.RootElement.GetProperty("error");
            var message = error.GetProperty("message").GetString()!;
            var unmet = error.GetProperty("type").GetString() == "api_error"
                && (message == "tool_choice=required was not satisfied by the agent response"
                    || (message.StartsWith("tool_choice required a ", StringComparison.Ordinal) && message.EndsWith(" tool call, but the agent did not produce one", StringComparison.Ordinal)));
            return unmet ? null : "502 other than an unmet tool_choice: " + text;
        }

        return null;
    }

    /// <summary><c>{"error":{"message":string,"type":string[,"code":string]}}</c> and nothing else.</summary>
    private static string? EnvelopeProblem(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || root.EnumerateObject().Select(p => p.Name).SingleOrDefault() != "error")
            {
                return "root";
            }

            var error = root.GetProperty("error");
            var keys = error.ValueKind == JsonValueKind.Object ? error.EnumerateObject().Select(p => p.Name).ToList() : [];
            var stringsOnly = keys.All(k => error.GetProperty(k).ValueKind == JsonValueKind.String);
            return keys.Contains("message") && keys.Contains("type") && keys.All(k => k is "message" or "type" or "code") && stringsOnly
                ? null
                : "error";
        }
        catch (JsonException)
        {
            return "json";
        }
    }

    private static bool IsCompletion(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.GetProperty("object").GetString() == "chat.completion";
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException)
        {
            return false;
        }
    }

    private static string Tail(string text) => text.Length <= 300 ? text : text[..300] + "…";
}
