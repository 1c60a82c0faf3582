using System.Net.Http.Headers;
using System.Text;

namespace ChatRoom.Tests;

/// <summary>
/// A Socket.IO client over Engine.IO long-polling against the in-memory test server: enough to drive the sample
/// with literal packets (<c>40{...}</c>, <c>42[...]</c>).
/// </summary>
internal sealed class PollingClient(HttpClient http)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private readonly Queue<string> _received = new();
    private string _url = "";

    public static async Task<PollingClient> OpenAsync(HttpClient http)
    {
        var client = new PollingClient(http);
        var open = await http.GetStringAsync("/ws/socket.io/?EIO=4&transport=polling").WaitAsync(Timeout);
        Assert.StartsWith("0{", open, StringComparison.Ordinal);
        var sid = System.Text.Json.JsonDocument.Parse(open[1..]).RootElement.GetProperty("sid").GetString();
        client._url = $"/ws/socket.io/?EIO=4&transport=polling&sid={sid}";
        return client;
    }

    public async Task SendAsync(string packet)
    {
        using var content = new StringContent(packet, Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("text/plain") { CharSet = "UTF-8" };
        using var response = await http.PostAsync(_url, content).WaitAsync(Timeout);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>Reads packets until one starts with <paramref name="prefix"/>, answering pings on the way.</summary>
    public async Task<string> ReceiveAsync(string prefix)
    {
        while (true)
        {
            while (_received.Count > 0)
            {
                var packet = _received.Dequeue();
                if (packet == "2")
                {
                    await SendAsync("3");
                    continue;
                }

                if (packet.StartsWith(prefix, StringComparison.Ordinal))
                {
                    return packet;
                }
            }

            var body = await http.GetStringAsync(_url).WaitAsync(Timeout);
            foreach (var packet in body.Split('\u001e'))
            {
                _received.Enqueue(packet);
            }
        }
    }
}
