namespace Switchboard.Yjs.Tests;

/// <summary>Hex literals for wire-level test rows ("01 02 ff" or "0102ff").</summary>
internal static class Hex
{
    public static byte[] Bytes(string hex) => Convert.FromHexString(hex.Replace(" ", string.Empty, StringComparison.Ordinal));

    public static string Of(ReadOnlySpan<byte> bytes) => Convert.ToHexString(bytes).ToLowerInvariant();
}
