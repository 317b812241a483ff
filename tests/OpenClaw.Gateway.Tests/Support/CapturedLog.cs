using System.Text;
using System.Text.Json;

namespace OpenClaw.Gateway.Tests.Support;

/// <summary>What Serilog writes, as text (register <c>new GatewayLogOutput(capturedLog)</c> with the host).</summary>
internal sealed class CapturedLog : TextWriter
{
    private readonly Lock _lock = new();
    private readonly StringBuilder _text = new();

    public override Encoding Encoding => Encoding.UTF8;

    public string Text
    {
        get
        {
            lock (_lock)
            {
                return _text.ToString();
            }
        }
    }

    public IEnumerable<string> Lines => Text.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>The events of the JSON format (one object a line).</summary>
    public IEnumerable<JsonElement> Events => Lines.Select(l => JsonDocument.Parse(l).RootElement.Clone());

    /// <summary>The request log's events (JSON format).</summary>
    public IEnumerable<JsonElement> RequestEvents => Events.Where(e =>
        e.GetProperty("Properties").TryGetProperty("SourceContext", out var source) && source.GetString() == "Serilog.AspNetCore.RequestLoggingMiddleware");

    public override void Write(char value)
    {
        lock (_lock)
        {
            _text.Append(value);
        }
    }

    public override void Write(char[] buffer, int index, int count)
    {
        lock (_lock)
        {
            _text.Append(buffer, index, count);
        }
    }

    public override void Write(string? value)
    {
        lock (_lock)
        {
            _text.Append(value);
        }
    }
}
