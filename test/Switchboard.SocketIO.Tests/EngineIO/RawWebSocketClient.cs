using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using TcpSocket = System.Net.Sockets.Socket;

namespace Switchboard.SocketIO.Tests.EngineIO;

/// <summary>
/// A WebSocket client on a bare TCP socket, for clients that misbehave: it does the opening handshake, can send a
/// masked text frame, and otherwise reads nothing unless asked, so the server sees a client that vanished with its
/// socket left open.
/// </summary>
internal sealed class RawWebSocketClient : IDisposable
{
    private readonly TcpSocket _socket;

    private RawWebSocketClient(TcpSocket socket)
    {
        _socket = socket;
    }

    /// <summary>Connects and upgrades; <paramref name="receiveBuffer"/> (when set) shrinks the kernel's receive buffer.</summary>
    public static async Task<RawWebSocketClient> ConnectAsync(Uri baseUri, string pathAndQuery, int? receiveBuffer = null)
    {
        var socket = new TcpSocket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        if (receiveBuffer is { } size)
        {
            socket.ReceiveBufferSize = size;
        }

        var client = new RawWebSocketClient(socket);
        try
        {
            await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, baseUri.Port)).DefaultTimeout();
            var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));
            var request = $"GET {pathAndQuery} HTTP/1.1\r\nHost: {baseUri.Authority}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + $"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n";
            await socket.SendAsync(Encoding.ASCII.GetBytes(request)).DefaultTimeout();
            var head = await client.ReadHeadAsync();
            Assert.StartsWith("HTTP/1.1 101", head, StringComparison.Ordinal);
            return client;
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    /// <summary>Sends one masked text frame (payload under 126 bytes).</summary>
    public async Task SendTextAsync(string text)
    {
        var payload = Encoding.UTF8.GetBytes(text);
        Assert.True(payload.Length < 126);
        var frame = new byte[6 + payload.Length];
        frame[0] = 0x81;
        frame[1] = (byte)(0x80 | payload.Length);
        RandomNumberGenerator.Fill(frame.AsSpan(2, 4));
        for (var i = 0; i < payload.Length; i++)
        {
            frame[6 + i] = (byte)(payload[i] ^ frame[2 + (i % 4)]);
        }

        await _socket.SendAsync(frame).DefaultTimeout();
    }

    /// <summary>
    /// Reads until the server ends the connection (FIN or reset) and returns how many bytes arrived; fails when the
    /// connection stays open longer than the default timeout.
    /// </summary>
    public async Task<long> ReadToEndAsync()
    {
        var buffer = new byte[64 * 1024];
        long total = 0;
        try
        {
            while (true)
            {
                var read = await _socket.ReceiveAsync(buffer).DefaultTimeout();
                if (read == 0)
                {
                    return total;
                }

                total += read;
            }
        }
        catch (SocketException)
        {
            return total;
        }
    }

    public void Dispose() => _socket.Dispose();

    private async Task<string> ReadHeadAsync()
    {
        // Byte by byte, so nothing after the head (the open packet) is consumed here.
        var head = new StringBuilder();
        var one = new byte[1];
        while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
        {
            Assert.Equal(1, await _socket.ReceiveAsync(one).DefaultTimeout());
            head.Append((char)one[0]);
        }

        return head.ToString();
    }
}
