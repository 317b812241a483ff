namespace OpenClaw.Core.Configuration;

/// <summary>The configuration file cannot be used; the message names the offending key.</summary>
public sealed class ConfigException : Exception
{
    public ConfigException(string message)
        : base(message)
    {
    }

    public ConfigException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
