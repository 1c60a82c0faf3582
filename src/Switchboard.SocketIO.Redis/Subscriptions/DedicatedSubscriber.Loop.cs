using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using Switchboard.SocketIO.Redis.Protocol;

namespace Switchboard.SocketIO.Redis.Subscriptions;

// The connection's one loop: connect, handshake, subscribe everything, read pushes until the connection ends, wait
// (exponential back-off, reset after a success) and start again.
internal sealed partial class DedicatedSubscriber
{
    // A read that brings many messages flushes the batch's writes after this many, so the first ones are not held back.
    private const int MaxMessagesPerFlush = 16;

    private async Task RunAsync(CancellationToken stopping)
    {
        var delay = _settings.FirstRetry;
        while (true)
        {
            string reason;
            Stream? stream = null;
            try
            {
                stream = new NetworkStream(await DedicatedConnection.ConnectAsync(_settings, _timeProvider, stopping), ownsSocket: true);
                var reader = PipeReader.Create(stream, new StreamPipeReaderOptions(leaveOpen: true));
                await DedicatedConnection.HandshakeAsync(stream, reader, _settings, _settings.ClientName, _timeProvider, stopping);
                byte[] commands;
                int count;
                lock (_lock)
                {
                    commands = SubscribeAllCommands(out count);
                    _stream = stream;
                }

                await SendAsync(stream, commands);
                _logger.SubscriberConnected(_settings.Describe(), count);
                delay = _settings.FirstRetry;
                await ReadAsync(reader, stopping);
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
                    _stream = null;
                }

                if (stream is not null)
                {
                    await stream.DisposeAsync();
                }
            }

            _logger.SubscriberDisconnected(_settings.Describe(), reason, (long)delay.TotalMilliseconds);
            if (!await DedicatedConnection.WaitToRetryAsync(delay, _timeProvider, stopping))
            {
                return;
            }

            delay = DedicatedConnection.NextDelay(delay, _settings);
        }
    }

    private async Task ReadAsync(PipeReader reader, CancellationToken stopping)
    {
        while (true)
        {
            var result = await reader.ReadAsync(stopping);
            var buffer = result.Buffer;
            try
            {
                HandleAll(ref buffer);
            }
            finally
            {
                reader.AdvanceTo(buffer.Start, buffer.End);
            }

            if (result.IsCompleted)
            {
                return;
            }
        }
    }

    // Everything complete in the buffer, synchronously; what the handlers queued for local sockets is written before
    // the loop waits again.
    private void HandleAll(ref ReadOnlySequence<byte> buffer)
    {
        var handled = 0;
        try
        {
            while (RespReader.TryRead(ref buffer, _settings.MaxMessageLength, out var value))
            {
                Handle(value);
                if (++handled % MaxMessagesPerFlush == 0)
                {
                    RedisAdapterBase.DeliveryBatch.Flush();
                }
            }
        }
        finally
        {
            RedisAdapterBase.DeliveryBatch.Flush();
        }
    }

    // The pushes of a subscribed connection (RESP2): [message, channel, payload], [pmessage, pattern, channel, payload],
    // [smessage, channel, payload], and [subscribe|psubscribe|ssubscribe, channel, count] confirmations. Unsubscribe
    // confirmations need nothing; an error reply (a refused SSUBSCRIBE) is logged.
    private void Handle(in RespValue value)
    {
        if (value.Type == RespType.Error)
        {
            _logger.SubscriberErrorReply(value.GetString());
            return;
        }

        if (value.Items is not { Length: >= 3 } items)
        {
            return;
        }

        var kind = items[0];
        if (kind.Is("message"u8))
        {
            Deliver(SubscriptionKind.Literal, items[1], items[1], items[2]);
        }
        else if (kind.Is("smessage"u8))
        {
            Deliver(SubscriptionKind.Sharded, items[1], items[1], items[2]);
        }
        else if (kind.Is("pmessage"u8) && items.Length >= 4)
        {
            Deliver(SubscriptionKind.Pattern, items[1], items[2], items[3]);
        }
        else if (kind.Is("subscribe"u8))
        {
            Confirm(SubscriptionKind.Literal, items[1]);
        }
        else if (kind.Is("psubscribe"u8))
        {
            Confirm(SubscriptionKind.Pattern, items[1]);
        }
        else if (kind.Is("ssubscribe"u8))
        {
            Confirm(SubscriptionKind.Sharded, items[1]);
        }
    }

    private void Confirm(SubscriptionKind kind, in RespValue channel)
    {
        if (_registrations.TryGetValue((kind, channel.GetString()), out var registration))
        {
            registration.Confirmed.TrySetResult();
        }
    }

    private void Deliver(SubscriptionKind kind, in RespValue subscribed, in RespValue channel, in RespValue payload)
    {
        var name = subscribed.GetString();
        if (!_registrations.TryGetValue((kind, name), out var registration))
        {
            // Unsubscribed while the message was on its way.
            return;
        }

        var channelName = kind == SubscriptionKind.Pattern ? channel.GetString() : name;
        // A copy: handlers may keep slices of it (binary attachments), and the read buffer is reused.
        var message = payload.ToArray();
        RedisAdapterBase.DeliveryBatch.Enter();
        try
        {
            registration.Handler(channelName, message);
        }
#pragma warning disable CA1031 // A handler's failure is logged; it must not end the subscription of every channel.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            _logger.SubscriberHandlerFailed(channelName, ex);
        }
        finally
        {
            RedisAdapterBase.DeliveryBatch.Exit();
        }
    }

    /// <summary>The endpoint with Redis's default port when the configuration named none.</summary>
    internal static EndPoint WithDefaultPort(EndPoint endPoint) => endPoint switch
    {
        DnsEndPoint { Port: 0 } dns => new DnsEndPoint(dns.Host, 6379),
        IPEndPoint { Port: 0 } ip => new IPEndPoint(ip.Address, 6379),
        _ => endPoint,
    };
}
