using System.Text.Json;
using System.Text.RegularExpressions;
using OpenClaw.Gateway.Tests.Support;

namespace OpenClaw.Gateway.Tests.OpenResponses;

/// <summary>Requests and stream parsing for <c>/v1/responses</c> tests.</summary>
internal static partial class ResponsesHttp
{
    public const string Path = "/v1/responses";

    public static Task<HttpResponseMessage> PostResponseAsync(this HttpClient client, string body, params (string Name, string Value)[] headers) =>
        client.PostRawAsync(body, Path, headers);

    /// <summary>The stream's frames as (event name or null, data), checking that each frame has at most one event line.</summary>
    public static async Task<List<(string? Event, string Data)>> EventsAsync(this HttpResponseMessage response) =>
        ParseEvents(await response.Content.ReadAsStringAsync());

    public static List<(string? Event, string Data)> ParseEvents(string text)
    {
        var frames = new List<(string?, string)>();
        foreach (var frame in text.Split("\n\n", StringSplitOptions.RemoveEmptyEntries))
        {
            var lines = frame.Split('\n');
            lines.Length.Should().BeLessThanOrEqualTo(2, "a frame is an optional event line and one data line");
            var data = lines[^1];
            data.Should().StartWith("data: ");
            frames.Add((lines.Length == 2 ? lines[0]["event: ".Length..] : null, data["data: ".Length..]));
        }

        return frames;
    }

    /// <summary>The event types in order (the JSON <c>type</c>, checked equal to the <c>event:</c> line).</summary>
    public static List<string> Types(this List<(string? Event, string Data)> frames) =>
        frames.Select(f =>
        {
            if (f.Data == "[DONE]")
            {
                f.Event.Should().BeNull("[DONE] has no event line");
                return "[DONE]";
            }

            var type = JsonDocument.Parse(f.Data).RootElement.GetProperty("type").GetString()!;
            f.Event.Should().Be(type);
            return type;
        }).ToList();

    /// <summary>Ids and <c>created_at</c> replaced by placeholders, for comparing bodies byte for byte.</summary>
    public static string Masked(string json) =>
        CreatedAt().Replace(Ids().Replace(json, m => m.Groups[1].Value + "_<id>"), "\"created_at\":0");

    [GeneratedRegex(@"\b(resp|msg|call)_[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")]
    private static partial Regex Ids();

    [GeneratedRegex(@"""created_at"":\d+")]
    private static partial Regex CreatedAt();
}
