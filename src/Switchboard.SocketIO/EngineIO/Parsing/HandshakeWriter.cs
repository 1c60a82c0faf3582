using System.Buffers;
using System.Text.Json;

namespace Switchboard.SocketIO.EngineIO.Parsing;

/// <summary>Writes the data of the open packet (the handshake).</summary>
internal static class HandshakeWriter
{
    // Written as compact JSON with exactly these five keys, in this order (socketio-wire.md §3.2):
    //   {"sid":"<20 chars>","upgrades":["websocket"]|[],"pingInterval":<ms>,"pingTimeout":<ms>,"maxPayload":<bytes>}
    // The open packet on the wire is '0' followed by this JSON.
    public static void Write(IBufferWriter<byte> output, string sid, bool offerWebSocketUpgrade, long pingIntervalMs, long pingTimeoutMs, long maxPayload)
    {
        using var json = new Utf8JsonWriter(output);
        json.WriteStartObject();
        json.WriteString("sid"u8, sid);
        json.WriteStartArray("upgrades"u8);
        if (offerWebSocketUpgrade)
        {
            json.WriteStringValue("websocket"u8);
        }

        json.WriteEndArray();
        json.WriteNumber("pingInterval"u8, pingIntervalMs);
        json.WriteNumber("pingTimeout"u8, pingTimeoutMs);
        json.WriteNumber("maxPayload"u8, maxPayload);
        json.WriteEndObject();
    }
}
