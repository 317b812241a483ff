using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace OpenClaw.Gateway.Http;

/// <summary>
/// Writes JSON and plain-text bodies as the original does (http-api.md §2.2): compact, UTF-8, an explicit
/// Content-Length, never chunked.
/// </summary>
internal static class HttpBodies
{
    /// <summary><c>Retry-After</c> in whole seconds, rounded up.</summary>
    public static void SetRetryAfter(HttpResponse response, TimeSpan retryAfter) =>
        response.Headers.RetryAfter = Math.Max(0, Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);

    public const string JsonContentType = "application/json; charset=utf-8";
    public const string TextContentType = "text/plain; charset=utf-8";

    public static Task WriteJsonAsync<T>(HttpResponse response, int statusCode, T value, JsonTypeInfo<T> typeInfo)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = GatewayJson.Encoder, SkipValidation = true }))
        {
            JsonSerializer.Serialize(writer, value, typeInfo);
        }

        return WriteAsync(response, statusCode, JsonContentType, buffer.WrittenMemory);
    }

    public static Task WriteTextAsync(HttpResponse response, int statusCode, string text) =>
        WriteAsync(response, statusCode, TextContentType, Encoding.UTF8.GetBytes(text));

    private static Task WriteAsync(HttpResponse response, int statusCode, string contentType, ReadOnlyMemory<byte> body)
    {
        response.StatusCode = statusCode;
        response.ContentType = contentType;
        response.ContentLength = body.Length;
        return HttpMethods.IsHead(response.HttpContext.Request.Method)
            ? Task.CompletedTask
            : response.Body.WriteAsync(body).AsTask();
    }
}
