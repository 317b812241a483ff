namespace OpenClaw.Core.Providers.Circuits;

/// <summary>What one model call says about its provider's health.</summary>
public enum CallVerdict
{
    /// <summary>The provider answered.</summary>
    Healthy,

    /// <summary>It hung, stalled, broke the connection, answered 5xx/529 or sent an unreadable stream.</summary>
    Failed,

    /// <summary>Says nothing about the provider: the caller cancelled, or the request itself was refused (4xx).</summary>
    Neutral,
}
