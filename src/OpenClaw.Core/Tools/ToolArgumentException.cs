namespace OpenClaw.Core.Tools;

/// <summary>The model's arguments do not fit the tool's parameters; becomes <c>Invalid arguments for &lt;name&gt;: …</c>.</summary>
internal sealed class ToolArgumentException(string reason) : Exception(reason);
