using System.Buffers;
using System.Text;

namespace Switchboard.Server.Completions;

/// <summary>
/// Reads server-sent events (the HTML Standard's <c>text/event-stream</c>, as OpenAI streams completions) from
/// bytes. Pure and bounded: <see cref="TryReadData"/> returns false when the next event is not complete yet and then
/// consumes nothing; an event longer than the limit is <see cref="InvalidDataException"/>.
/// </summary>
internal static class SseParser
{
    private const byte LineFeed = (byte)'\n';
    private const byte CarriageReturn = (byte)'\r';

    /// <summary>
    /// Reads the next event that has data: its <c>data</c> lines joined by <c>\n</c>. Comments (<c>:...</c>), other
    /// fields (<c>event</c>, <c>id</c>, <c>retry</c>) and events without data are skipped.
    /// </summary>
    // Layout: lines end with LF or CRLF; "data:" with one optional space after the colon; a blank line ends an event.
    public static bool TryReadData(ref ReadOnlySequence<byte> buffer, int maxEventBytes, out string? data)
    {
        var reader = new SequenceReader<byte>(buffer);
        StringBuilder? text = null;
        var eventStart = reader.Consumed;
        while (true)
        {
            if (!reader.TryReadTo(out ReadOnlySequence<byte> line, LineFeed))
            {
                if (reader.Remaining + (reader.Consumed - eventStart) > maxEventBytes)
                {
                    throw new InvalidDataException($"A streamed event is longer than {maxEventBytes} bytes.");
                }

                data = null;
                return false; // incomplete: consume nothing
            }

            if (reader.Consumed - eventStart > maxEventBytes)
            {
                throw new InvalidDataException($"A streamed event is longer than {maxEventBytes} bytes.");
            }

            if (!line.IsEmpty && line.Slice(line.Length - 1).FirstSpan[0] == CarriageReturn)
            {
                line = line.Slice(0, line.Length - 1);
            }

            if (line.IsEmpty)
            {
                if (text is not null)
                {
                    buffer = buffer.Slice(reader.Position);
                    data = text.ToString();
                    return true;
                }

                eventStart = reader.Consumed; // a blank line without data: nothing to dispatch
                continue;
            }

            var value = Encoding.UTF8.GetString(line);
            if (value.StartsWith("data:", StringComparison.Ordinal))
            {
                var payload = value.Length > 5 && value[5] == ' ' ? value[6..] : value[5..];
                if (text is null)
                {
                    text = new StringBuilder(payload);
                }
                else
                {
                    text.Append('\n').Append(payload);
                }
            }
        }
    }

    /// <summary>
    /// What is left when the stream ends: the data of a last event that had no blank line after it (servers that end
    /// the stream right after <c>data: [DONE]</c>), or null.
    /// </summary>
    public static string? ReadTrailingData(ReadOnlySequence<byte> buffer, int maxEventBytes)
    {
        if (buffer.IsEmpty)
        {
            return null;
        }

        var closed = new byte[buffer.Length + 2];
        buffer.CopyTo(closed);
        closed[^2] = LineFeed;
        closed[^1] = LineFeed;
        var sequence = new ReadOnlySequence<byte>(closed);
        return TryReadData(ref sequence, maxEventBytes + 2, out var data) ? data : null;
    }
}
