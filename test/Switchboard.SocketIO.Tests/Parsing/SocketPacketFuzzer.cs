using System.Diagnostics;
using System.Text;
using Switchboard.SocketIO.Parsing;

namespace Switchboard.SocketIO.Tests.Parsing;

/// <summary>
/// A mutation fuzzer for <see cref="SocketPacketDecoder"/>: valid packets from <see cref="SocketPacketGenerator"/>
/// (a text message and its binary attachments), fed as they are or after random mutations of their bytes and of the
/// message sequence. Properties checked on every input: the only exception is <see cref="InvalidDataException"/>
/// (the documented format exception), nothing hangs, allocation stays in proportion to the input, and an unmutated
/// packet decodes to what was generated.
/// </summary>
internal sealed class SocketPacketFuzzer(int seed)
{
    // Allocation allowed per input: a JsonDocument, an exception with its stack trace, and a per-byte factor.
    private const long AllocationPerByte = 32;
    private const long AllocationConstant = 64 * 1024;
    private static readonly TimeSpan HangLimit = TimeSpan.FromSeconds(30);
    private static readonly byte[][] Tokens =
    [
        "-"u8.ToArray(), ","u8.ToArray(), "/"u8.ToArray(), "["u8.ToArray(), "]"u8.ToArray(), "{"u8.ToArray(), "}"u8.ToArray(),
        "\""u8.ToArray(), "\\"u8.ToArray(), "\\u"u8.ToArray(), "\\ud800"u8.ToArray(), "0"u8.ToArray(), "9999999999999999999"u8.ToArray(),
        "{\"_placeholder\":true,\"num\":"u8.ToArray(), "{\"_placeholder\":true,\"num\":-1}"u8.ToArray(), "{\"_placeholder\":true,\"num\":99}"u8.ToArray(),
        "\"connect\""u8.ToArray(), "1e999"u8.ToArray(), "null"u8.ToArray(), [0xFF], [0xED, 0xA0, 0x80], [0xC0, 0x80], [0x1E], [0],
    ];

    private readonly Random _random = new(seed);

    public long Inputs { get; private set; }

    public long Decoded { get; private set; }

    public long Refused { get; private set; }

    public long Bytes { get; private set; }

    /// <summary>The most bytes allocated per input byte, over inputs of at least 1 KiB (smaller ones live on the constant).</summary>
    public double MaxAllocationPerInputByte { get; private set; }

    public long MaxAllocation { get; private set; }

    public TimeSpan Slowest { get; private set; }

    /// <summary>Runs <paramref name="iterations"/> inputs; the first property broken throws with the input to replay.</summary>
    public void Run(int iterations)
    {
        var generator = new SocketPacketGenerator(_random);
        for (var i = 0; i < iterations; i++)
        {
            var packet = generator.Next();
            if (_random.Next(4) == 0)
            {
                CheckRoundTrip(packet);
                continue;
            }

            var messages = new List<(bool Binary, byte[] Data)> { (false, packet.Text) };
            messages.AddRange(packet.Binaries.Select(b => (true, b)));
            for (var m = _random.Next(1, 5); m > 0; m--)
            {
                Mutate(messages, generator);
            }

            Feed(messages);
        }
    }

    private void Feed(List<(bool Binary, byte[] Data)> messages)
    {
        Inputs++;
        var size = messages.Sum(m => (long)m.Data.Length);
        Bytes += size;
        var started = Stopwatch.GetTimestamp();
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var decoder = new SocketPacketDecoder();
        try
        {
            foreach (var (binary, data) in messages)
            {
                var complete = binary ? decoder.TryDecodeBinary(data, out var packet) : decoder.TryDecodeText(data, out packet);
                if (complete)
                {
                    Decoded++;
                    Assert.True(packet!.IsComplete);
                    packet.Dispose();
                }
            }
        }
        catch (InvalidDataException)
        {
            Refused++;
        }
        catch (Exception ex)
        {
            throw new InvalidOperationException($"Seed {seed}, input {Inputs}: {ex.GetType().Name} escaped the decoder for {Describe(messages)}", ex);
        }
        finally
        {
            decoder.Dispose();
        }

        Check(messages, size, started, allocated);
    }

    private void Check(List<(bool Binary, byte[] Data)> messages, long size, long started, long allocatedBefore)
    {
        var elapsed = Stopwatch.GetElapsedTime(started);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
        if (elapsed > Slowest)
        {
            Slowest = elapsed;
        }

        MaxAllocation = Math.Max(MaxAllocation, allocated);
        if (size >= 1024)
        {
            MaxAllocationPerInputByte = Math.Max(MaxAllocationPerInputByte, (double)allocated / size);
        }

        if (elapsed > HangLimit)
        {
            throw new InvalidOperationException($"Seed {seed}, input {Inputs}: took {elapsed} for {Describe(messages)}");
        }

        if (allocated > (AllocationPerByte * size) + AllocationConstant)
        {
            throw new InvalidOperationException($"Seed {seed}, input {Inputs}: allocated {allocated} bytes for {size} input bytes: {Describe(messages)}");
        }
    }

    private void CheckRoundTrip(SocketPacketGenerator.Generated expected)
    {
        Inputs++;
        Bytes += expected.Text.Length + expected.Binaries.Sum(b => b.Length);
        using var decoder = new SocketPacketDecoder();
        var complete = decoder.TryDecodeText(expected.Text, out var packet);
        foreach (var binary in expected.Binaries)
        {
            Assert.False(complete);
            complete = decoder.TryDecodeBinary(binary, out packet);
        }

        Assert.True(complete, Encoding.UTF8.GetString(expected.Text));
        Decoded++;
        Assert.Equal(expected.Type, packet!.Type);
        Assert.Equal(expected.Namespace, packet.Namespace);
        Assert.Equal(expected.AckId, packet.AckId);
        Assert.Equal(expected.Binaries.Length, packet.Attachments.Length);
        for (var i = 0; i < expected.Binaries.Length; i++)
        {
            Assert.Equal(expected.Binaries[i], packet.Attachments[i].ToArray());
        }

        if (expected.Json is null)
        {
            Assert.Null(packet.Data);
        }
        else
        {
            // The decoder reads lone surrogate escapes as U+FFFD and keeps everything else byte for byte.
            var json = Encoding.UTF8.GetBytes(expected.Json);
            var lone = JsonSurrogates.NextLone(json, 0);
            if (lone >= 0)
            {
                JsonSurrogates.ReplaceLone(json, lone);
            }

            Assert.Equal(Encoding.UTF8.GetString(json), packet.Data!.RootElement.GetRawText());
        }

        packet.Dispose();
    }

    private void Mutate(List<(bool Binary, byte[] Data)> messages, SocketPacketGenerator generator)
    {
        var index = _random.Next(messages.Count);
        var (binary, data) = messages[index];
        switch (_random.Next(12))
        {
            case 0 when data.Length > 0:
                data = (byte[])data.Clone();
                data[_random.Next(data.Length)] ^= (byte)(1 << _random.Next(8));
                break;
            case 1:
                data = Insert(data, Tokens[_random.Next(Tokens.Length)]);
                break;
            case 2:
                var noise = new byte[_random.Next(1, 8)];
                _random.NextBytes(noise);
                data = Insert(data, noise);
                break;
            case 3 when data.Length > 0:
                var start = _random.Next(data.Length);
                data = [.. data.AsSpan(0, start), .. data.AsSpan(start + _random.Next(data.Length - start + 1))];
                break;
            case 4 when data.Length > 0:
                var from = _random.Next(data.Length);
                var count = _random.Next(1, data.Length - from + 1);
                data = Insert(data, data.AsSpan(from, count).ToArray());
                break;
            case 5:
                data = data.AsSpan(0, _random.Next(data.Length + 1)).ToArray();
                break;
            case 6:
                var other = generator.Next().Text;
                data = [.. data.AsSpan(0, _random.Next(data.Length + 1)), .. other.AsSpan(_random.Next(other.Length + 1))];
                break;
            case 7:
                // Attachment count and type rewritten: 5<n>- with a count that may not match the placeholders.
                data = [.. Encoding.ASCII.GetBytes($"{(_random.Next(2) == 0 ? 5 : 6)}{_random.Next(0, 13)}-"), .. data.AsSpan(Math.Min(data.Length, 1))];
                break;
            case 8:
                messages.Insert(_random.Next(messages.Count + 1), (_random.Next(2) == 0, generator.Next().Text));
                return;
            case 9 when messages.Count > 1:
                messages.RemoveAt(index);
                return;
            case 10:
                binary = !binary;
                break;
            default:
                // Deep nesting: arrays or objects far beyond the reader's depth limit.
                var depth = _random.Next(1, 300);
                var open = _random.Next(2) == 0 ? "[" : "{\"a\":";
                data = Encoding.UTF8.GetBytes("2[\"e\"," + string.Concat(Enumerable.Repeat(open, depth)));
                break;
        }

        messages[index] = (binary, data);
    }

    private byte[] Insert(byte[] data, byte[] insert)
    {
        var at = _random.Next(data.Length + 1);
        return [.. data.AsSpan(0, at), .. insert, .. data.AsSpan(at)];
    }

    private static string Describe(List<(bool Binary, byte[] Data)> messages) =>
        string.Join(" | ", messages.Select(m => (m.Binary ? "bin:" : "text:") + Convert.ToBase64String(m.Data)));
}
