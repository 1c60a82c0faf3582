using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text;
using Switchboard.SocketIO.EngineIO;

namespace Switchboard.SocketIO.Tests.EngineIO;

// A handler that sends to other sessions (a broadcast) from a WebSocket's receive loop: those sends are written by
// that loop before it waits (DeferredFlushes), or by the endpoint's flush tick (WriteCoalescingDelay), not by each
// recipient's send loop. Nothing may be left unwritten.
public class EngineBroadcastTests
{
    // 300 recipients: more than one receive loop enlists (DeferredFlushes.MaxEnlisted), the rest are woken.
    [Theory]
    [InlineData(12, false, 0)]
    [InlineData(12, true, 0)]
    [InlineData(300, false, 0)]
    [InlineData(12, false, 5)]
    [InlineData(12, true, 5)]
    [InlineData(300, false, 5)]
    public async Task HandlerSendsToOthers_MessagesBackToBack_EveryRecipientGetsAllInOrder(int recipients, bool handlerYields, int coalescingMs)
    {
        const int Requests = 20;
        const int PerRequest = 3;
        var connections = new ConcurrentDictionary<string, IEngineConnection>();
        var handler = new RecordingHandler();
        handler.OnMessage = async (from, message) =>
        {
            var request = Encoding.UTF8.GetString(message.Data.Span);
            if (handlerYields)
            {
                await Task.Yield();
            }

            foreach (var (id, connection) in connections)
            {
                if (id != from.Id)
                {
                    for (var i = 0; i < PerRequest; i++)
                    {
                        connection.TrySend(EngineMessage.Text($"{request}.{i}"));
                    }
                }
            }
        };
        // With a flush tick (coalescingMs > 0) the broadcast marks the recipients dirty instead of enlisting them.
        await using var host = await EngineTestHost.StartAsync(o => o.WriteCoalescingDelay = TimeSpan.FromMilliseconds(coalescingMs), handler: handler);
        var sockets = new List<ClientWebSocket>();
        for (var i = 0; i <= recipients; i++)
        {
            var socket = await host.ConnectWebSocketAsync(EngineTestHost.Url(transport: "websocket"));
            Assert.StartsWith("0{", await socket.ReceiveTextAsync(), StringComparison.Ordinal);
            var connection = await handler.NextOpenAsync();
            connections[connection.Id] = connection;
            sockets.Add(socket);
        }

        // Sent without waiting, so the server often reads several before its receive loop would wait.
        var sender = sockets[0];
        for (var r = 0; r < Requests; r++)
        {
            await sender.SendTextAsync($"4r{r}");
        }

        var expected = Enumerable.Range(0, Requests).SelectMany(r => Enumerable.Range(0, PerRequest).Select(i => $"4r{r}.{i}")).ToList();
        foreach (var recipient in sockets.Skip(1))
        {
            var received = new List<string>();
            while (received.Count < expected.Count)
            {
                received.Add(await recipient.ReceiveTextAsync());
            }

            Assert.Equal(expected, received);
        }

        foreach (var socket in sockets)
        {
            socket.Dispose();
        }
    }
}
