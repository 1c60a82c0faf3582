using System.Buffers;
using System.IO.Pipelines;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;
using Switchboard.SocketIO.Redis.Protocol;
using TcpSocket = System.Net.Sockets.Socket;

namespace Switchboard.SocketIO.Redis.Subscriptions;

/// <summary>
/// The adapter's publishing connection of its own, with <c>CLIENT REPLY OFF</c>: a PUBLISH is written by the caller's
/// thread straight to the socket and Redis answers nothing, so a broadcast costs no thread hop and no reply to read
/// (StackExchange.Redis hands each write to a copy loop on the thread pool and reads each reply on another). Every
/// publish of the server goes here while it is configured, so they reach Redis in the order they were made.
/// </summary>
/// <remarks>
/// Fails fast: while the connection is down (Redis away, reconnecting with reset back-off) a publish is refused at once
/// and the caller counts it as dropped. A publish written just before Redis died is lost without a report, as one
/// sent with StackExchange.Redis's fire-and-forget flag would be. The loop's only read is the one that sees the end.
/// </remarks>
internal sealed class DedicatedPublisher : IAsyncDisposable
{
    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;

    private readonly DedicatedSubscriberSettings _settings;
    private readonly ILogger _logger;
    private readonly TimeProvider _timeProvider;
    private readonly Lock _lock = new();
    private readonly CancellationTokenSource _stopping = new();
    private TcpSocket? _socket;
    private TaskCompletionSource _connected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task? _loop;
    private bool _disposed;

    public DedicatedPublisher(DedicatedSubscriberSettings settings, ILogger logger, TimeProvider timeProvider)
    {
        _settings = settings;
        _logger = logger;
        _timeProvider = timeProvider;
    }

    public bool IsConnected
    {
        get
        {
            lock (_lock)
            {
                return _socket is not null;
            }
        }
    }

    /// <summary>Starts connecting (once) and completes when the connection is up.</summary>
    public Task WaitConnectedAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _loop ??= Task.Run(() => RunAsync(_stopping.Token), CancellationToken.None);
            return _socket is not null ? Task.CompletedTask : _connected.Task.WaitAsync(cancellationToken);
        }
    }

    /// <summary>Writes PUBLISH (SPUBLISH when <paramref name="sharded"/>); false with the reason when the connection is down.</summary>
    public bool TryPublish(bool sharded, string channel, ReadOnlySpan<byte> message, out Exception? error)
    {
        var buffer = t_buffer ??= new ArrayBufferWriter<byte>(256);
        buffer.ResetWrittenCount();
        RespCommand.WritePublish(buffer, sharded, channel, message);
        try
        {
            lock (_lock)
            {
                if (_socket is not { } socket)
                {
                    error = new RedisConnectionException(ConnectionFailureType.UnableToConnect, CommandFlags.None, "The Redis adapter's publishing connection is down (reconnecting).", null, CommandStatus.WaitingToBeSent);
                    return false;
                }

                try
                {
                    var bytes = buffer.WrittenSpan;
                    while (!bytes.IsEmpty)
                    {
                        bytes = bytes[socket.Send(bytes)..];
                    }
                }
                catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
                {
                    // The read loop notices too and reconnects; nothing more is written on this socket.
                    _socket = null;
                    error = new RedisConnectionException(ConnectionFailureType.SocketFailure, CommandFlags.None, "The Redis adapter's publishing connection failed: " + ex.Message, ex, CommandStatus.Unknown);
                    return false;
                }
            }
        }
        finally
        {
            if (buffer.Capacity > 64 * 1024)
            {
                t_buffer = null;
            }
        }

        error = null;
        return true;
    }

    public async ValueTask DisposeAsync()
    {
        Task? loop;
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            loop = _loop;
            _stopping.Cancel();
        }

        if (loop is not null)
        {
            await loop;
        }

        _connected.TrySetCanceled();
        _stopping.Dispose();
    }

    private async Task RunAsync(CancellationToken stopping)
    {
        var delay = _settings.FirstRetry;
        while (true)
        {
            string reason;
            TcpSocket? socket = null;
            try
            {
                socket = await ConnectAsync(stopping);
                TaskCompletionSource connected;
                lock (_lock)
                {
                    _socket = socket;
                    connected = _connected;
                }

                connected.TrySetResult();
                delay = _settings.FirstRetry;
                // Nothing comes back after CLIENT REPLY OFF: this read ends when the connection does.
                var scratch = new byte[256];
                while (await socket.ReceiveAsync(scratch, SocketFlags.None, stopping) > 0)
                {
                }

                reason = "closed by the server";
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is IOException or SocketException or InvalidDataException or OperationCanceledException or ObjectDisposedException)
            {
                reason = ex.Message;
            }
            finally
            {
                lock (_lock)
                {
                    if (ReferenceEquals(_socket, socket))
                    {
                        _socket = null;
                    }

                    if (_connected.Task.IsCompleted)
                    {
                        _connected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                    }
                }

                socket?.Dispose();
            }

            _logger.SubscriberDisconnected(_settings.Describe() + " (publishing)", reason, (long)delay.TotalMilliseconds);
            try
            {
                await Task.Delay(delay, _timeProvider, stopping);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _settings.LastRetry.Ticks));
        }
    }

    // Connects, then AUTH (when configured) and CLIENT SETNAME with their replies read, then CLIENT REPLY OFF.
    private async Task<TcpSocket> ConnectAsync(CancellationToken stopping)
    {
        using var timeout = new CancellationTokenSource(_settings.ConnectTimeout, _timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(stopping, timeout.Token);
        var socket = new TcpSocket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive, true);
            await socket.ConnectAsync(_settings.EndPoint, linked.Token);
            await using var stream = new NetworkStream(socket, ownsSocket: false);
            var reader = PipeReader.Create(stream, new StreamPipeReaderOptions(leaveOpen: true));
            var handshake = new ArrayBufferWriter<byte>();
            var auth = _settings.Password is not null;
            if (auth)
            {
                if (_settings.User is { } user)
                {
                    RespCommand.Write(handshake, "AUTH", user, _settings.Password!);
                }
                else
                {
                    RespCommand.Write(handshake, "AUTH", _settings.Password!);
                }
            }

            RespCommand.Write(handshake, "CLIENT", "SETNAME", _settings.ClientName + "-pub");
            await stream.WriteAsync(handshake.WrittenMemory, linked.Token);
            for (var reply = 0; reply < (auth ? 2 : 1); reply++)
            {
                var error = await ReadReplyAsync(reader, linked.Token);
                if (auth && reply == 0 && error is not null)
                {
                    throw new IOException("Redis refused AUTH: " + error);
                }
            }

            await stream.WriteAsync(RespCommand.ToArray("CLIENT", "REPLY", "OFF"), linked.Token);
            await reader.CompleteAsync();
            return socket;
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !stopping.IsCancellationRequested)
        {
            socket.Dispose();
            throw new IOException($"connecting took longer than {_settings.ConnectTimeout.TotalMilliseconds:0} ms");
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private async Task<string?> ReadReplyAsync(PipeReader reader, CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await reader.ReadAsync(cancellationToken);
            var buffer = result.Buffer;
            if (RespReader.TryRead(ref buffer, _settings.MaxMessageLength, out var value))
            {
                var error = value.Type == RespType.Error ? value.GetString() : null;
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
