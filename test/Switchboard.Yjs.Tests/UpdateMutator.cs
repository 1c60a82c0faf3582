namespace Switchboard.Yjs.Tests;

/// <summary>
/// Hostile variants of valid updates for the fuzz and differential tests: bits flipped, bytes replaced, inserted,
/// removed, cut off, varints stretched, and runs copied from elsewhere in the update.
/// </summary>
internal static class UpdateMutator
{
    private static readonly byte[] Interesting = [0x00, 0x01, 0x02, 0x7f, 0x80, 0xff, 0x7e, 0x77, 0x75, 0x76, 0x0a, 0x20, 0x40, 0xc0];

    public static byte[] Mutate(byte[] original, Random random)
    {
        var bytes = original.ToList();
        var edits = 1 + random.Next(3);
        for (var e = 0; e < edits && bytes.Count > 0; e++)
        {
            var at = random.Next(bytes.Count);
            switch (random.Next(8))
            {
                case 0:
                    bytes[at] ^= (byte)(1 << random.Next(8));
                    break;
                case 1:
                    bytes[at] = (byte)random.Next(256);
                    break;
                case 2:
                    bytes.Insert(at, (byte)random.Next(256));
                    break;
                case 3:
                    bytes.RemoveAt(at);
                    break;
                case 4:
                    bytes.RemoveRange(at, bytes.Count - at);
                    break;
                case 5:
                    bytes[at] = Interesting[random.Next(Interesting.Length)];
                    break;
                case 6:
                    // A varint byte given a continuation: lengths and counts jump by orders of magnitude.
                    bytes[at] |= 0x80;
                    bytes.Insert(at + 1, (byte)(1 + random.Next(0x7f)));
                    break;
                default:
                    {
                        var from = random.Next(bytes.Count);
                        var length = Math.Min(1 + random.Next(16), bytes.Count - from);
                        bytes.InsertRange(at, bytes.GetRange(from, length));
                        break;
                    }
            }
        }

        return [.. bytes];
    }

    /// <summary>Random bytes, sometimes starting like an update (small group and struct counts).</summary>
    public static byte[] RandomBytes(Random random, int maxLength)
    {
        var bytes = new byte[random.Next(maxLength + 1)];
        random.NextBytes(bytes);
        if (bytes.Length > 2 && random.Next(2) == 0)
        {
            bytes[0] = (byte)random.Next(3);
            bytes[1] = (byte)(1 + random.Next(4));
        }

        return bytes;
    }
}
