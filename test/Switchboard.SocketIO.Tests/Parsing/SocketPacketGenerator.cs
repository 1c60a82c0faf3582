using System.Globalization;
using System.Text;
using Switchboard.SocketIO.Packets;

namespace Switchboard.SocketIO.Tests.Parsing;

/// <summary>
/// Generates valid Socket.IO packets as a client would send them (socketio-wire.md §4.1): a text message, then one
/// binary message per attachment, with what each should decode to. The fuzzer mutates these.
/// </summary>
internal sealed class SocketPacketGenerator(Random random)
{
    private static readonly string[] Namespaces = ["/", "/admin", "/chat", "/a-b_c", "/ünï", "/x/y"];
    private static readonly string[] Words = ["message", "join", "a", "é", "😀", "tab\there", "quote\"d", "back\\slash", "42", "_placeholder", "num", ""];

    public Generated Next()
    {
        var type = random.Next(6) switch
        {
            0 => SocketPacketType.Connect,
            1 => SocketPacketType.Disconnect,
            2 or 3 => SocketPacketType.Event,
            4 => SocketPacketType.Ack,
            _ => random.Next(2) == 0 ? SocketPacketType.BinaryEvent : SocketPacketType.BinaryAck,
        };
        var nsp = Namespaces[random.Next(Namespaces.Length)];
        var hasAck = type is SocketPacketType.Event or SocketPacketType.BinaryEvent ? random.Next(2) == 0 : type is SocketPacketType.Ack or SocketPacketType.BinaryAck;
        long ackId = hasAck ? random.NextInt64(0, random.Next(2) == 0 ? 1000 : 999_999_999_999_999) : -1;
        var attachments = type is SocketPacketType.BinaryEvent or SocketPacketType.BinaryAck ? random.Next(1, 11) : 0;

        var text = new StringBuilder();
        text.Append((int)type);
        if (attachments > 0)
        {
            text.Append(attachments).Append('-');
        }

        var payload = Payload(type, attachments);
        if (nsp != "/")
        {
            text.Append(nsp);
            if (ackId >= 0 || payload is not null)
            {
                text.Append(',');
            }
        }

        if (ackId >= 0)
        {
            text.Append(ackId.ToString(CultureInfo.InvariantCulture));
        }

        text.Append(payload);
        var binaries = new byte[attachments][];
        for (var i = 0; i < attachments; i++)
        {
            binaries[i] = new byte[random.Next(0, 64)];
            random.NextBytes(binaries[i]);
        }

        return new Generated(Encoding.UTF8.GetBytes(text.ToString()), binaries, type, nsp, ackId, payload);
    }

    private string? Payload(SocketPacketType type, int attachments)
    {
        var json = new StringBuilder();
        switch (type)
        {
            case SocketPacketType.Connect:
                if (random.Next(2) == 0)
                {
                    return null;
                }

                Object(json, 0, 0);
                return json.ToString();
            case SocketPacketType.Disconnect:
                return null;
            case SocketPacketType.Event or SocketPacketType.BinaryEvent:
                json.Append('[');
                if (random.Next(4) == 0)
                {
                    json.Append(random.Next(1000).ToString(CultureInfo.InvariantCulture));
                }
                else
                {
                    String(json);
                }

                Arguments(json, attachments, leadingComma: true);
                json.Append(']');
                return json.ToString();
            default:
                json.Append('[');
                Arguments(json, attachments, leadingComma: false);
                json.Append(']');
                return json.ToString();
        }
    }

    // Arguments, with a placeholder for every attachment somewhere among them (at any depth).
    private void Arguments(StringBuilder json, int attachments, bool leadingComma)
    {
        var count = random.Next(0, 4);
        var placeholders = Enumerable.Range(0, attachments).OrderBy(_ => random.Next()).ToList();
        var first = !leadingComma;
        for (var i = 0; i < count || placeholders.Count > 0; i++)
        {
            json.Append(first ? "" : ",");
            first = false;
            if (placeholders.Count > 0 && random.Next(2) == 0)
            {
                // A placeholder nested in arrays and objects.
                var closers = new Stack<char>();
                for (var d = random.Next(3); d > 0; d--)
                {
                    var array = random.Next(2) == 0;
                    json.Append(array ? "[" : "{\"k\":");
                    closers.Push(array ? ']' : '}');
                }

                Placeholder(json, placeholders[^1]);
                placeholders.RemoveAt(placeholders.Count - 1);
                while (closers.Count > 0)
                {
                    json.Append(closers.Pop());
                }
            }
            else if (placeholders.Count > 0 && i >= count)
            {
                Placeholder(json, placeholders[^1]);
                placeholders.RemoveAt(placeholders.Count - 1);
            }
            else
            {
                Value(json, 0, attachments);
            }
        }
    }

    private static void Placeholder(StringBuilder json, int num) =>
        json.Append("{\"_placeholder\":true,\"num\":").Append(num.ToString(CultureInfo.InvariantCulture)).Append('}');

    private void Value(StringBuilder json, int depth, int attachments)
    {
        switch (random.Next(depth > 4 ? 5 : 8))
        {
            case 0:
                json.Append("null");
                break;
            case 1:
                json.Append(random.Next(2) == 0 ? "true" : "false");
                break;
            case 2:
                json.Append(random.Next(3) switch
                {
                    0 => random.Next(-1000, 1000).ToString(CultureInfo.InvariantCulture),
                    1 => (random.NextDouble() * 1e6).ToString("R", CultureInfo.InvariantCulture),
                    _ => "-1.5e-7",
                });
                break;
            case 3 or 4:
                String(json);
                break;
            case 5:
                json.Append('[');
                for (var i = random.Next(4); i > 0; i--)
                {
                    Value(json, depth + 1, attachments);
                    json.Append(i > 1 ? "," : "");
                }

                json.Append(']');
                break;
            default:
                Object(json, depth + 1, attachments);
                break;
        }
    }

    private void Object(StringBuilder json, int depth, int attachments)
    {
        json.Append('{');
        for (var i = random.Next(4); i > 0; i--)
        {
            // Any key but "_placeholder": an object with "_placeholder":true is a placeholder (socket.io-parser), and
            // a random one would be an invalid packet, not a valid one.
            var mark = json.Length;
            String(json);
            while (json.ToString(mark, json.Length - mark).Contains("_placeholder", StringComparison.Ordinal))
            {
                json.Length = mark;
                String(json);
            }

            json.Append(':');
            Value(json, depth + 1, attachments);
            json.Append(i > 1 ? "," : "");
        }

        json.Append('}');
    }

    // Strings with every kind of escape, lone surrogate escapes included (what JSON.stringify writes for them).
    private void String(StringBuilder json)
    {
        json.Append('"');
        for (var i = random.Next(4); i > 0; i--)
        {
            switch (random.Next(6))
            {
                case 0:
                    json.Append("\\n\\\"\\\\\\/\\t");
                    break;
                case 1:
                    json.Append("\\u").Append(random.Next(0xD800, 0xE000).ToString("x4", CultureInfo.InvariantCulture));
                    break;
                case 2:
                    json.Append("\\ud83d\\ude00");
                    break;
                default:
                    json.Append(System.Text.Json.JsonEncodedText.Encode(Words[random.Next(Words.Length)]).ToString());
                    break;
            }
        }

        json.Append('"');
    }

    /// <summary>One generated packet: the messages to feed and what they must decode to.</summary>
    internal sealed record Generated(byte[] Text, byte[][] Binaries, SocketPacketType Type, string Namespace, long AckId, string? Json);
}
