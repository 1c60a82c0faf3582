namespace Switchboard.Server.Api;

/// <summary>Open WebUI's error texts (<c>constants.py</c> <c>ERROR_MESSAGES</c>) and the <c>{detail}</c> responses that carry them.</summary>
internal static class ApiErrors
{
    public const string NotAuthenticated = "Not authenticated";
    public const string AccessProhibited = "You do not have permission to access this resource. Please contact your administrator for assistance.";
    public const string ActionProhibited = "The requested action has been restricted as a security measure.";
    public const string NotFound = "We could not find what you're looking for :/";
    public const string UserNotFound = "We could not find what you're looking for :/";
    public const string EmailTaken = "Uh-oh! This email is already registered. Sign in with your existing account or choose another email to start anew.";
    public const string InvalidCredentials = "The email or password provided is incorrect. Please check for typos and try logging in again.";
    public const string InvalidEmail = "The email format you entered is invalid. Please double-check and make sure you're using a valid email address (e.g., yourname@example.com).";
    public const string PasswordTooLong = "Uh-oh! The password you entered is too long. Please make sure your password is less than 72 bytes long.";

    public static IResult BadRequest(string detail) => Detail(StatusCodes.Status400BadRequest, detail);

    public static IResult Unauthorized(string detail = NotAuthenticated) => Detail(StatusCodes.Status401Unauthorized, detail);

    public static IResult Forbidden(string detail = AccessProhibited) => Detail(StatusCodes.Status403Forbidden, detail);

    public static IResult NotFoundResult(string detail = NotFound) => Detail(StatusCodes.Status404NotFound, detail);

    public static IResult Detail(int status, string detail) => Results.Json(new Dictionary<string, string> { ["detail"] = detail }, statusCode: status);
}
