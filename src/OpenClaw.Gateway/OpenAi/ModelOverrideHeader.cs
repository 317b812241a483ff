namespace OpenClaw.Gateway.OpenAi;

/// <summary><c>x-openclaw-model</c>, the backend model override of both compat endpoints (http-api.md §4.8, §6.1 #6).</summary>
internal static class ModelOverrideHeader
{
    public const string Name = "x-openclaw-model";

    private static readonly OpenAiFailure NotOwner = new(403, new OpenAiError("missing scope: operator.admin", OpenAiErrorTypes.Forbidden));

    /// <summary>The trimmed value (<c>""</c> when absent), or the 403 a caller that is not the owner gets for sending one.</summary>
    public static (string Value, OpenAiFailure? Failure) Read(HttpContext context)
    {
        var value = context.Request.Headers[Name].ToString().Trim();
        return value.Length > 0 && !Auth.GatewayScopes.IsOwner(context.User) ? (value, NotOwner) : (value, null);
    }
}
