using System.Text.Encodings.Web;
using System.Text.Json;
using Switchboard.SocketIO.Adapters;

namespace Switchboard.SocketIO;

/// <summary>Options of the Socket.IO layer. Defaults are socket.io 4.8's.</summary>
public sealed class SocketIOOptions
{
    /// <summary>How long a new connection may take to join a namespace before it is closed (socket.io <c>connectTimeout</c>, 45 s).</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(45);

    /// <summary>The most binary attachments one packet may announce (socket.io-parser <c>maxAttachments</c>, 10).</summary>
    public int MaxAttachments { get; set; } = 10;

    /// <summary>Connection state recovery (socket.io 4.6+); <see langword="null"/> (the default) turns it off.</summary>
    public ConnectionStateRecoveryOptions? ConnectionStateRecovery { get; set; }

    /// <summary>How event arguments, ack values and CONNECT_ERROR data are serialized and bound.</summary>
    public JsonSerializerOptions SerializerOptions { get; set; } = new(JsonSerializerDefaults.Web)
    {
        // Node's JSON.stringify does not escape non-ASCII text either; these bytes never reach HTML unescaped.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Creates the adapter of each namespace; <see langword="null"/> uses <see cref="InMemoryAdapter"/>.</summary>
    public Func<Namespace, IAdapter>? AdapterFactory { get; set; }
}
