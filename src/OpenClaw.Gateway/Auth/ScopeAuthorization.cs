using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OpenClaw.Gateway.Http;

namespace OpenClaw.Gateway.Auth;

/// <summary>A required operator scope; one policy per scope, named after it.</summary>
internal sealed class ScopeRequirement(string scope) : IAuthorizationRequirement
{
    public string Scope { get; } = scope;
}

internal sealed class ScopeRequirementHandler : AuthorizationHandler<ScopeRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, ScopeRequirement requirement)
    {
        if (context.User.Identity?.IsAuthenticated == true)
        {
            if (GatewayScopes.Has(context.User, requirement.Scope))
            {
                context.Succeed(requirement);
            }
            else
            {
                context.Fail(new AuthorizationFailureReason(this, requirement.Scope));
            }
        }

        return Task.CompletedTask;
    }
}

/// <summary>Writes the gateway's own 403 body for a missing scope (http-api.md §3.5); challenges go to the handler.</summary>
internal sealed class ScopeAuthorizationResultHandler : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (authorizeResult.Forbidden && authorizeResult.AuthorizationFailure?.FailureReasons.FirstOrDefault() is { } reason)
        {
            return GatewayFailure.MissingScope(reason.Message).ExecuteAsync(context);
        }

        return _default.HandleAsync(next, context, policy, authorizeResult);
    }
}

internal static class GatewayAuthExtensions
{
    /// <summary>Registers the gateway's bearer scheme and one authorization policy per operator scope.</summary>
    public static IServiceCollection AddGatewayAuth(this IServiceCollection services)
    {
        services.AddSingleton<AuthFailureLimiter>();
        services.AddSingleton<SharedSecretAuthenticator>();
        // The core services only: AddAuthentication() would also pull in data protection (cookies), unused here.
        services.AddAuthenticationCore(o => o.DefaultScheme = GatewayAuthenticationHandler.SchemeName);
        services.TryAddSingleton(System.Text.Encodings.Web.UrlEncoder.Default);
        new AuthenticationBuilder(services)
            .AddScheme<AuthenticationSchemeOptions, GatewayAuthenticationHandler>(GatewayAuthenticationHandler.SchemeName, null);
        services.AddSingleton<IAuthorizationHandler, ScopeRequirementHandler>();
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, ScopeAuthorizationResultHandler>();
        services.AddAuthorizationBuilder()
            .AddPolicy(GatewayScopes.Read, p => p.RequireAuthenticatedUser().AddRequirements(new ScopeRequirement(GatewayScopes.Read)))
            .AddPolicy(GatewayScopes.Write, p => p.RequireAuthenticatedUser().AddRequirements(new ScopeRequirement(GatewayScopes.Write)));
        return services;
    }
}
