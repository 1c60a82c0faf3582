namespace Switchboard.Server.Api;

/// <summary>Authentication of REST endpoints: a filter that resolves the <see cref="ApiCaller"/> and checks the role.</summary>
internal static class ApiEndpointExtensions
{
    private static readonly object CallerKey = new();

    /// <summary>
    /// Refuses requests without a valid token (401) and callers below <paramref name="access"/> (403; Open WebUI answers
    /// 401 here, the contract of this server says 403), before the handler runs.
    /// </summary>
    public static TBuilder RequireCaller<TBuilder>(this TBuilder builder, ApiAccess access)
        where TBuilder : IEndpointConventionBuilder
    {
        builder.AddEndpointFilter(async (invocation, next) =>
        {
            var http = invocation.HttpContext;
            var caller = await http.RequestServices.GetRequiredService<ApiAuthenticator>().AuthenticateAsync(http);
            if (caller is null)
            {
                return ApiErrors.Unauthorized();
            }

            var allowed = access switch
            {
                ApiAccess.Admin => caller.User.Role == Roles.Admin,
                ApiAccess.Verified => caller.User.Role is Roles.Admin or Roles.User,
                _ => true,
            };
            if (!allowed)
            {
                return ApiErrors.Forbidden();
            }

            http.Items[CallerKey] = caller;
            return await next(invocation);
        });
        return builder;
    }

    /// <summary>The caller <see cref="RequireCaller"/> resolved for this request.</summary>
    public static ApiCaller Caller(this HttpContext context) =>
        context.Items[CallerKey] as ApiCaller ?? throw new InvalidOperationException("The endpoint has no RequireCaller filter.");
}
