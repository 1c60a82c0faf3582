using System.Buffers;
using System.IO.Pipelines;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Switchboard.SocketIO.EngineIO.Packets;
using Switchboard.SocketIO.EngineIO.Parsing;

namespace Switchboard.SocketIO.EngineIO.Transports;

/// <summary>The HTTP side of long-polling: response formats and reading POST bodies (socketio-wire.md §3.3).</summary>
internal static class PollingTransport
{
    public const string Name = "polling";

    /// <summary>A payload of one noop packet.</summary>
    public static readonly ReadOnlyMemory<byte> NoopPayload = "6"u8.ToArray();

    private static readonly byte[] Ok = "ok"u8.ToArray();

    /// <summary>Answers a GET with a payload: 200, <c>text/plain; charset=UTF-8</c>, never cached.</summary>
    public static async Task WritePayloadAsync(HttpContext context, ReadOnlyMemory<byte> payload)
    {
        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "text/plain; charset=UTF-8";
        response.Headers.CacheControl = "no-store";
        response.ContentLength = payload.Length;
        try
        {
            await response.Body.WriteAsync(payload, context.RequestAborted);
        }
        catch (OperationCanceledException)
        {
            // The client went away; the session notices on its next request or by the heartbeat.
        }
    }

    /// <summary>
    /// Reads a POST body and dispatches its packets in order. The outcomes: 200 <c>ok</c>;
    /// 413 (empty body) when the body exceeds <paramref name="maxPayload"/> (the session stays open, as in Node);
    /// 400 code 3 and the session closed for a binary content type or a payload that does not parse.
    /// </summary>
    public static async Task ReceivePayloadAsync(EngineSession session, HttpContext context, int maxPayload)
    {
        var request = context.Request;
        if (request.ContentType is { } contentType && contentType.StartsWith("application/octet-stream", StringComparison.OrdinalIgnoreCase))
        {
            session.ParseError(new InvalidDataException("Binary POST bodies are not part of Engine.IO v4."));
            await EngineErrors.WriteAsync(context, EngineErrorCode.BadRequest);
            return;
        }

        if (request.ContentLength > maxPayload)
        {
            await RefuseTooLargeAsync(session, context, maxPayload);
            return;
        }

        // maxPayload is the limit that counts (413 below); lift the server's own body limit if it is lower.
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false, MaxRequestBodySize: { } serverLimit } limit
            && serverLimit <= maxPayload)
        {
            limit.MaxRequestBodySize = maxPayload + 1L;
        }

        var reader = request.BodyReader;
        ReadResult read;
        while (true)
        {
            read = await reader.ReadAsync(context.RequestAborted);
            // Checked before buffering more: a body over the limit is refused as soon as it is seen.
            if (read.Buffer.Length > maxPayload)
            {
                reader.AdvanceTo(read.Buffer.End);
                await RefuseTooLargeAsync(session, context, maxPayload);
                return;
            }

            if (read.IsCompleted)
            {
                break;
            }

            reader.AdvanceTo(read.Buffer.Start, read.Buffer.End);
        }

        var valid = await DispatchAsync(session, read.Buffer);
        reader.AdvanceTo(read.Buffer.End);
        if (!valid)
        {
            await EngineErrors.WriteAsync(context, EngineErrorCode.BadRequest);
            return;
        }

        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "text/html";
        context.Response.ContentLength = Ok.Length;
        await context.Response.Body.WriteAsync(Ok, context.RequestAborted);
    }

    private static async Task<bool> DispatchAsync(EngineSession session, ReadOnlySequence<byte> body)
    {
        if (body.IsEmpty)
        {
            session.ParseError(new InvalidDataException("Empty polling payload."));
            return false;
        }

        await session.EnterReceiveAsync();
        try
        {
            while (true)
            {
                EnginePacket packet;
                try
                {
                    if (!PollingPayloadReader.TryParsePacket(ref body, isFinalBlock: true, out packet))
                    {
                        return true;
                    }
                }
                catch (InvalidDataException ex)
                {
                    session.ParseError(ex);
                    return false;
                }

                if (!await session.DispatchAsync(packet))
                {
                    return false;
                }
            }
        }
        finally
        {
            session.ExitReceive();
        }
    }

    private static Task RefuseTooLargeAsync(EngineSession session, HttpContext context, int maxPayload)
    {
        EngineIOLog.PayloadTooLarge(session.Logger, session.Id, maxPayload);
        context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
        context.Response.ContentLength = 0;
        return Task.CompletedTask;
    }
}
