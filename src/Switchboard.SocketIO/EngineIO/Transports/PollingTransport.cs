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

    /// <summary>
    /// Answers a GET with a payload: 200, <c>text/plain; charset=UTF-8</c>, never cached. Returns
    /// <see langword="false"/> when the write did not complete within <paramref name="writeTimeout"/> (the client stopped
    /// reading): the connection is then aborted.
    /// </summary>
    public static async Task<bool> WritePayloadAsync(HttpContext context, ReadOnlyMemory<byte> payload, TimeProvider time, TimeSpan writeTimeout)
    {
        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "text/plain; charset=UTF-8";
        response.Headers.CacheControl = "no-store";
        response.ContentLength = payload.Length;
        using var deadline = new CancellationTokenSource();
        ITimer? timer = null;
        try
        {
            var write = response.Body.WriteAsync(payload, deadline.Token);
            if (!write.IsCompleted)
            {
                // Only a write that has to wait for the client costs a timer.
                timer = time.CreateTimer(static state => ((CancellationTokenSource)state!).Cancel(), deadline, writeTimeout, Timeout.InfiniteTimeSpan);
            }

            await write;
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException)
        {
            // Either the client went away (the session notices by its next request or the heartbeat), or the deadline passed.
        }
        finally
        {
            timer?.Dispose();
        }

        if (deadline.IsCancellationRequested)
        {
            context.Abort();
            return false;
        }

        return true;
    }

    /// <summary>
    /// Reads a POST body and dispatches its packets in order. The outcomes: 200 <c>ok</c>;
    /// 413 (empty body) when the body exceeds <paramref name="maxPayload"/> (the session stays open, as in Node);
    /// 400 code 3 and the session closed for a binary content type or a payload that does not parse.
    /// </summary>
    /// <remarks>
    /// <paramref name="cancellationToken"/> ends a body that never completes; the caller handles that and the server's
    /// own read failures (a client that went away, Kestrel's minimum data rate).
    /// </remarks>
    public static async Task ReceivePayloadAsync(EngineSession session, HttpContext context, int maxPayload, CancellationToken cancellationToken)
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
            await RefuseTooLargeAsync(session, context);
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
            read = await reader.ReadAsync(cancellationToken);
            // Checked before buffering more: a body over the limit is refused as soon as it is seen.
            if (read.Buffer.Length > maxPayload)
            {
                reader.AdvanceTo(read.Buffer.End);
                await RefuseTooLargeAsync(session, context);
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

    private static Task RefuseTooLargeAsync(EngineSession session, HttpContext context)
    {
        session.PayloadTooLarge();
        context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
        context.Response.ContentLength = 0;
        return Task.CompletedTask;
    }
}
