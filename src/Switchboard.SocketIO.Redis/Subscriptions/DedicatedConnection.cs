using System.Buffers;
using System.IO.Pipelines;
using System.Net.Sockets;
using Switchboard.SocketIO.Redis.Protocol;
using TcpSocket = System.Net.Sockets.Socket;

namespace Switchboard.SocketIO.Redis.Subscriptions;

/// <summary>
/// What the adapter's own connections (<see cref="DedicatedSubscriber"/>, <see cref="DedicatedPublisher"/>) share:
/// the TCP connect within the connect timeout, the AUTH and CLIENT SETNAME handshake, and the reconnect back-off.
/// </summary>
internal static class DedicatedConnection
{
    /// <summary>A connected socket (no delay, keep-alive); an <see cref="IOException"/> when it takes longer than the connect timeout.</summary>
    public static async Task<TcpSocket> ConnectAsync(DedicatedSubscriberSettings settings, TimeProvider time, CancellationToken stopping)
    {
        using var timeout = new CancellationTokenSource(settings.ConnectTimeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(stopping, timeout.Token);
        var socket = new TcpSocket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive, true);
            await socket.ConnectAsync(settings.EndPoint, linked.Token);
            return socket;
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !stopping.IsCancellationRequested)
        {
            socket.Dispose();
            throw new IOException($"connecting took longer than {settings.ConnectTimeout.TotalMilliseconds:0} ms");
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>
    /// AUTH (when configured) and CLIENT SETNAME <paramref name="clientName"/>, pipelined, their replies read within the
    /// connect timeout; a refused AUTH ends this attempt, a refused SETNAME (an ACL without it) does not matter.
    /// </summary>
    public static async Task HandshakeAsync(Stream stream, PipeReader reader, DedicatedSubscriberSettings settings, string clientName, TimeProvider time, CancellationToken stopping)
    {
        var buffer = new ArrayBufferWriter<byte>();
        var auth = settings.Password is not null;
        if (auth)
        {
            if (settings.User is { } user)
            {
                RespCommand.Write(buffer, "AUTH", user, settings.Password!);
            }
            else
            {
                RespCommand.Write(buffer, "AUTH", settings.Password!);
            }
        }

        RespCommand.Write(buffer, "CLIENT", "SETNAME", clientName);
        using var timeout = new CancellationTokenSource(settings.ConnectTimeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(stopping, timeout.Token);
        await stream.WriteAsync(buffer.WrittenMemory, linked.Token);
        await stream.FlushAsync(linked.Token);
        for (var reply = 0; reply < (auth ? 2 : 1); reply++)
        {
            var error = await ReadReplyAsync(reader, settings.MaxMessageLength, linked.Token);
            if (auth && reply == 0 && error is not null)
            {
                throw new IOException("Redis refused AUTH: " + error);
            }
        }
    }

    /// <summary>Waits <paramref name="delay"/> before the next attempt; false when stopping ended the wait.</summary>
    public static async Task<bool> WaitToRetryAsync(TimeSpan delay, TimeProvider time, CancellationToken stopping)
    {
        try
        {
            await Task.Delay(delay, time, stopping);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>The back-off after <paramref name="delay"/>: doubled, at most the last retry's.</summary>
    public static TimeSpan NextDelay(TimeSpan delay, DedicatedSubscriberSettings settings) =>
        TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, settings.LastRetry.Ticks));

    // One reply of the handshake: its error text, or null.
    private static async Task<string?> ReadReplyAsync(PipeReader reader, long maxMessageLength, CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await reader.ReadAsync(cancellationToken);
            var buffer = result.Buffer;
            if (RespReader.TryRead(ref buffer, maxMessageLength, out var value))
            {
                var error = value.Type == RespType.Error ? value.GetString() : null;
                // Consumed up to here, and no further examined: the next reply may already be in the buffer.
                reader.AdvanceTo(buffer.Start);
                return error;
            }

            reader.AdvanceTo(buffer.Start, buffer.End);
            if (result.IsCompleted)
            {
                throw new IOException("the connection closed during the handshake");
            }
        }
    }
}
