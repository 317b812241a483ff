using System.Text;
using System.Text.Json;

namespace OpenClaw.Gateway.Tests.Support;

internal static class HttpTestExtensions
{
    public const string ChatPath = "/v1/chat/completions";

    /// <summary>POSTs a raw body (sent as-is, no Content-Type unless given) with optional headers.</summary>
    public static Task<HttpResponseMessage> PostRawAsync(this HttpClient client, string body, string path = ChatPath, params (string Name, string Value)[] headers) =>
        client.SendAsync(Request(HttpMethod.Post, path, body, "application/json", headers));

    public static HttpRequestMessage Request(HttpMethod method, string path, string? body, string? contentType = "application/json", params (string Name, string Value)[] headers)
    {
        var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8);
            request.Content.Headers.ContentType = contentType is null ? null : new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
        }

        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return request;
    }

    /// <summary>A chat body with one user message.</summary>
    public static string ChatBody(string text, string model = "openclaw", bool stream = false, string extra = "") =>
        $$"""{"model":{{JsonSerializer.Serialize(model)}},{{(stream ? "\"stream\":true," : "")}}{{extra}}"messages":[{"role":"user","content":{{JsonSerializer.Serialize(text)}}}]}""";

    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response)
    {
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return document.RootElement.Clone();
    }

    /// <summary>The <c>error.message</c> of an OpenAI error envelope.</summary>
    public static async Task<string> ErrorMessageAsync(this HttpResponseMessage response) =>
        (await response.JsonAsync()).GetProperty("error").GetProperty("message").GetString()!;

    /// <summary>The payloads of every <c>data:</c> frame, in order (the raw text is checked separately).</summary>
    public static async Task<List<string>> SseDataAsync(this HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return ParseSse(text);
    }

    public static List<string> ParseSse(string text)
    {
        var frames = new List<string>();
        foreach (var frame in text.Split("\n\n", StringSplitOptions.RemoveEmptyEntries))
        {
            frame.Should().StartWith("data: ", "every SSE frame is a single data line");
            frames.Add(frame["data: ".Length..]);
        }

        return frames;
    }

    public static string Header(this HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(", ", values)
        : response.Content.Headers.TryGetValues(name, out var contentValues) ? string.Join(", ", contentValues)
        : "";
}
