namespace OpenClaw.Core.Configuration;

/// <summary>A config path is malformed (a usage error, not a config problem).</summary>
public sealed class ConfigPathException(string message) : FormatException(message);
