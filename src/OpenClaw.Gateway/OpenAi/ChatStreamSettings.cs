namespace OpenClaw.Gateway.OpenAi;

/// <summary>How a streamed completion is served: keep-alive comments, the byte bound of its buffer, the shared monitor.</summary>
internal sealed record ChatStreamSettings(TimeSpan KeepAlive, int MaxBufferedBytes, ChatStreamMonitor Monitor);
