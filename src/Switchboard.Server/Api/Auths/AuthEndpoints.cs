using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Switchboard.Server.Api.Users;
using Switchboard.Server.Auth;
using Switchboard.Server.Storage;
using Switchboard.Server.Storage.Entities;

// EF translates ToLower() to SQL lower() (the unique index is on lower(email)); string.Equals with a comparison is not translated.
#pragma warning disable CA1862

namespace Switchboard.Server.Api.Auths;

/// <summary>
/// <c>/api/v1/auths</c> (Open WebUI's <c>routers/auths.py</c>): sign-up (the first account is an admin, later ones get
/// <c>DEFAULT_USER_ROLE</c>), an admin adding an account, sign-in, the session user, and sign-out revoking the token.
/// Responses carry the token as Open WebUI's <c>SessionUserResponse</c> does, and set the <c>token</c> cookie.
/// </summary>
internal static partial class AuthEndpoints
{
    public static void MapAuthEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var auths = endpoints.MapGroup("/api/v1/auths");
        auths.MapPost("/signup", SignUpAsync);
        auths.MapPost("/signin", SignInAsync);
        auths.MapPost("/add", AddAsync).RequireCaller(ApiAccess.Admin);
        auths.MapGet("/", SessionAsync).RequireCaller(ApiAccess.AnyUser);
        auths.MapGet("/signout", SignOutAsync).RequireCaller(ApiAccess.AnyUser);
    }

    private static async Task<IResult> SignUpAsync(HttpContext context, AuthServices services)
    {
        var (body, error) = await ApiBody.ReadAsync(context);
        if (body is null)
        {
            return error!;
        }

        var form = ReadAccountForm(body, withRole: false);
        if (!body.IsValid)
        {
            return body.Error;
        }

        await using var db = await services.Contexts.CreateDbContextAsync(context.RequestAborted);
        var hasUsers = await db.Users.AnyAsync(context.RequestAborted);
        if (hasUsers && !services.Options.EnableSignup)
        {
            return ApiErrors.Forbidden();
        }

        var role = hasUsers ? services.Options.DefaultUserRole : Roles.Admin;
        var (user, conflict) = await CreateAccountAsync(db, services, form with { Role = role }, claimFirstAdmin: !hasUsers, context.RequestAborted);
        if (user is null && conflict is null)
        {
            // Another sign-up on an empty database claimed the first account a moment earlier: this one is a later one.
            if (!services.Options.EnableSignup)
            {
                return ApiErrors.Forbidden();
            }

            (user, conflict) = await CreateAccountAsync(db, services, form with { Role = services.Options.DefaultUserRole }, claimFirstAdmin: false, context.RequestAborted);
        }

        return user is null ? conflict! : await SessionResponseAsync(context, services, user, services.Tokens.CreateToken(user.Id));
    }

    private static async Task<IResult> AddAsync(HttpContext context, AuthServices services)
    {
        var (body, error) = await ApiBody.ReadAsync(context);
        if (body is null)
        {
            return error!;
        }

        var form = ReadAccountForm(body, withRole: true);
        if (!body.IsValid)
        {
            return body.Error;
        }

        await using var db = await services.Contexts.CreateDbContextAsync(context.RequestAborted);
        var (user, conflict) = await CreateAccountAsync(db, services, form, claimFirstAdmin: false, context.RequestAborted);
        if (user is null)
        {
            return conflict!;
        }

        var response = UserResponse(user);
        response["token"] = services.Tokens.CreateToken(user.Id);
        response["token_type"] = "Bearer";
        return Results.Json(response);
    }

    private static async Task<IResult> SignInAsync(HttpContext context, AuthServices services)
    {
        var (body, error) = await ApiBody.ReadAsync(context);
        if (body is null)
        {
            return error!;
        }

        var email = body.String("email", required: true, maxLength: 320)?.Trim().ToLowerInvariant();
        var password = body.String("password", required: true, maxLength: 1024);
        if (!body.IsValid)
        {
            return body.Error;
        }

        await using var db = await services.Contexts.CreateDbContextAsync(context.RequestAborted);
        var auth = await db.Auths.Where(a => a.Email != null && a.Email.ToLower() == email).FirstOrDefaultAsync(context.RequestAborted);
        if (auth is null || auth.Active == false || !await PasswordHasher.VerifyAsync(password!, auth.Password))
        {
            return ApiErrors.BadRequest(ApiErrors.InvalidCredentials);
        }

        var user = await db.Users.AsTracking().FirstOrDefaultAsync(u => u.Id == auth.Id, context.RequestAborted);
        if (user is null)
        {
            return ApiErrors.BadRequest(ApiErrors.InvalidCredentials);
        }

        user.LastActiveAt = services.Time.Seconds();
        await db.SaveChangesAsync(context.RequestAborted);
        return await SessionResponseAsync(context, services, user, services.Tokens.CreateToken(user.Id));
    }

    private static async Task<IResult> SessionAsync(HttpContext context, AuthServices services)
    {
        var caller = context.Caller();
        await using var db = await services.Contexts.CreateDbContextAsync(context.RequestAborted);
        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == caller.Id, context.RequestAborted);
        return user is null ? ApiErrors.Unauthorized() : await SessionResponseAsync(context, services, user, caller.Token, setCookie: false);
    }

    private static async Task<IResult> SignOutAsync(HttpContext context, AuthServices services)
    {
        var caller = context.Caller();
        if (caller.Claims.TokenId is { } jti)
        {
            await services.Revocations.RevokeTokenAsync(jti, caller.Id, caller.Claims.ExpiresAt is { } exp ? (long)Math.Ceiling(exp) : null, context.RequestAborted);
        }
        else
        {
            // A token without jti (issued by an older Open WebUI) can only be revoked with every token of its user.
            await services.Revocations.RevokeUserAsync(caller.Id, context.RequestAborted);
        }

        context.Response.Cookies.Delete("token");
        return Results.Json(new JsonObject { ["status"] = true });
    }

    private const string FirstAdminKey = "first_admin";

    private sealed record AccountForm(string Name, string Email, string Password, string? ProfileImageUrl, string Role);

    private static AccountForm ReadAccountForm(ApiBody body, bool withRole)
    {
        var name = body.String("name", required: true, maxLength: 256, allowEmpty: false)?.Trim() ?? "";
        var email = body.String("email", required: true, maxLength: 320)?.Trim().ToLowerInvariant() ?? "";
        var password = body.String("password", required: true, maxLength: 1024) ?? "";
        var image = body.String("profile_image_url", maxLength: 1_000_000);
        var role = withRole ? body.String("role") ?? Roles.Pending : Roles.Pending;
        if (body.Has("email") && !EmailPattern().IsMatch(email))
        {
            body.Fail(ApiErrors.InvalidEmail);
        }

        if (body.Has("password") && password.Length == 0)
        {
            body.Fail("'password' must not be empty");
        }

        if (Encoding.UTF8.GetByteCount(password) > PasswordHasher.MaxPasswordBytes)
        {
            body.Fail(ApiErrors.PasswordTooLong);
        }

        if (!Roles.IsKnown(role))
        {
            body.Fail("'role' must be pending, user or admin");
        }

        return new AccountForm(name, email, password, image, role);
    }

    // One transaction: the user row and its auth row, or neither. The first account of an empty database also writes
    // the first-admin claim (a switchboard_meta row, unique by key) in the same transaction, so of two concurrent first
    // sign-ups, on one instance or several, exactly one commits as admin; the other gets (null, null) and signs up as
    // a later account. A claim left by accounts since deleted is dropped first.
    private static async Task<(UserRow? User, IResult? Error)> CreateAccountAsync(WebUIDbContext db, AuthServices services, AccountForm form, bool claimFirstAdmin, CancellationToken cancellationToken)
    {
        if (await db.Users.AnyAsync(u => u.Email != null && u.Email.ToLower() == form.Email, cancellationToken) ||
            await db.Auths.AnyAsync(a => a.Email != null && a.Email.ToLower() == form.Email, cancellationToken))
        {
            return (null, ApiErrors.BadRequest(ApiErrors.EmailTaken));
        }

        var now = services.Time.Seconds();
        var user = new UserRow
        {
            Id = Guid.NewGuid().ToString(),
            Name = form.Name,
            Email = form.Email,
            Role = form.Role,
            ProfileImageUrl = string.IsNullOrEmpty(form.ProfileImageUrl) ? "/user.png" : form.ProfileImageUrl,
            LastActiveAt = now,
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.Users.Add(user);
        db.Auths.Add(new AuthRow { Id = user.Id, Email = form.Email, Password = services.Hasher.Hash(form.Password), Active = true });
        if (claimFirstAdmin)
        {
            await db.Meta.Where(m => m.Key == FirstAdminKey && !db.Users.Any(u => u.Id == m.Value)).ExecuteDeleteAsync(cancellationToken);
            db.Meta.Add(new MetaRow { Key = FirstAdminKey, Value = user.Id });
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            if (claimFirstAdmin && await db.Meta.AnyAsync(m => m.Key == FirstAdminKey && m.Value != user.Id, cancellationToken))
            {
                return (null, null);
            }

            // The unique e-mail index caught a concurrent sign-up with the same address.
            return (null, ApiErrors.BadRequest(ApiErrors.EmailTaken));
        }

        return (user, null);
    }

    private static JsonObject UserResponse(UserRow user) => new()
    {
        ["id"] = user.Id,
        ["email"] = user.Email,
        ["name"] = user.Name,
        ["role"] = user.Role,
        ["profile_image_url"] = UserJson.ProfileImage(user),
    };

    private static async Task<IResult> SessionResponseAsync(HttpContext context, AuthServices services, UserRow user, string token, bool setCookie = true)
    {
        var claims = JwtToken.TryValidate(token, services.Key.Bytes, 0, out var parsed, out _) ? parsed : null;
        var expiresAt = claims?.ExpiresAt is { } exp ? (long?)exp : null;
        if (setCookie)
        {
            context.Response.Cookies.Append("token", token, new CookieOptions
            {
                HttpOnly = true,
                SameSite = SameSiteMode.Lax,
                Secure = context.Request.IsHttps,
                Expires = expiresAt is { } at ? DateTimeOffset.FromUnixTimeSeconds(at) : null,
            });
        }

        var identity = new UserIdentity { Id = user.Id, Name = user.Name ?? "", Role = user.Role ?? Roles.Pending, Email = user.Email };
        var channels = identity.Role is Roles.Admin or Roles.User && await services.Channels.CanUseChannelsAsync(identity, context.RequestAborted);
        var response = new JsonObject
        {
            ["token"] = token,
            ["token_type"] = "Bearer",
            ["expires_at"] = expiresAt,
        };
        foreach (var (key, value) in UserResponse(user))
        {
            response[key] = value?.DeepClone();
        }

        response["permissions"] = UserPermissions.For(identity.Role, services.Options, channels);
        return Results.Json(response);
    }

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[^@\s]+$", RegexOptions.CultureInvariant)]
    private static partial Regex EmailPattern();
}
