namespace Switchboard.SocketIO.Redis;

internal abstract partial class RedisAdapterBase
{
    /// <summary>
    /// The Socket.IO layer's delivery batch (protected on <see cref="Adapters.InMemoryAdapter"/>) for the dedicated
    /// subscription connection's read loop: what a message's handler delivers is written by that loop's thread before it
    /// reads again, instead of waking each recipient's send loop.
    /// </summary>
    internal static class DeliveryBatch
    {
        public static void Enter() => EnterDeliveryBatch();

        public static void Exit() => ExitDeliveryBatch();

        public static void Flush() => FlushDeliveryBatch();

        public static bool TryDefer(Action flush) => TryDeferToBatchEnd(flush);
    }
}
