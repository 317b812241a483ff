using System.Security.Claims;

namespace OpenClaw.Gateway.Auth;

/// <summary>Operator scopes and the owner flag (http-api.md §3.5).</summary>
internal static class GatewayScopes
{
    public const string Admin = "operator.admin";
    public const string Read = "operator.read";
    public const string Write = "operator.write";

    public const string ScopeClaim = "scope";
    public const string OwnerClaim = "owner";

    public static readonly string[] All = [Admin, Read, Write, "operator.approvals", "operator.pairing", "operator.talk.secrets"];

    /// <summary>True when the principal has <paramref name="scope"/>; admin implies all, write implies read.</summary>
    public static bool Has(ClaimsPrincipal user, string scope) =>
        user.HasClaim(ScopeClaim, scope) || user.HasClaim(ScopeClaim, Admin) || (scope == Read && user.HasClaim(ScopeClaim, Write));

    public static bool IsOwner(ClaimsPrincipal user) => user.HasClaim(OwnerClaim, "true");
}
