namespace Switchboard.Server.Storage;

/// <summary>
/// Open WebUI's mixed timestamp units (openwebui-schema.md §3): users, chats, groups and grants in epoch seconds;
/// channels, channel members, channel messages and notes in epoch nanoseconds.
/// </summary>
internal static class EpochTime
{
    public static long Seconds(this TimeProvider time) => time.GetUtcNow().ToUnixTimeSeconds();

    public static long Milliseconds(this TimeProvider time) => time.GetUtcNow().ToUnixTimeMilliseconds();

    // DateTimeOffset has 100 ns ticks: the last two digits are zero, as with Python's time_ns() on most clocks.
    public static long Nanoseconds(this TimeProvider time) => (time.GetUtcNow() - DateTimeOffset.UnixEpoch).Ticks * 100;
}
