using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Switchboard.SocketIO.EngineIO;

/// <summary>Writes Engine.IO request errors.</summary>
internal static class EngineErrors
{
    public static string Message(EngineErrorCode code) => code switch
    {
        EngineErrorCode.TransportUnknown => "Transport unknown",
        EngineErrorCode.UnknownSid => "Session ID unknown",
        EngineErrorCode.BadHandshakeMethod => "Bad handshake method",
        EngineErrorCode.BadRequest => "Bad request",
        EngineErrorCode.Forbidden => "Forbidden",
        EngineErrorCode.UnsupportedProtocolVersion => "Unsupported protocol version",
        _ => throw new ArgumentOutOfRangeException(nameof(code)),
    };

    // Written as HTTP 400 (403 for Forbidden) with Content-Type application/json and the body
    //   {"code":<N>,"message":"<Message(code)>"}
    // on polling and on a refused WebSocket handshake alike (before the 101, never inside the upgraded stream).
    public static async Task WriteAsync(HttpContext context, EngineErrorCode code)
    {
        var response = context.Response;
        response.StatusCode = code == EngineErrorCode.Forbidden ? StatusCodes.Status403Forbidden : StatusCodes.Status400BadRequest;
        response.ContentType = "application/json";
        var body = JsonSerializer.SerializeToUtf8Bytes(new ErrorBody((int)code, Message(code)), EngineJsonContext.Default.ErrorBody);
        response.ContentLength = body.Length;
        await response.Body.WriteAsync(body, context.RequestAborted);
    }

    internal sealed record ErrorBody(int Code, string Message);
}
