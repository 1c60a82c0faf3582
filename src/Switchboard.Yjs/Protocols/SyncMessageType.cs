namespace Switchboard.Yjs.Protocols;

/// <summary>The y-protocols sync message types (<c>sync.js</c> <c>messageYjsSyncStep1</c> etc.).</summary>
public enum SyncMessageType : byte
{
    /// <summary>Sync step 1: the sender's state vector; answer with step 2.</summary>
    SyncStep1 = 0,

    /// <summary>Sync step 2: the update the receiver of step 1 lacks.</summary>
    SyncStep2 = 1,

    /// <summary>An incremental update.</summary>
    Update = 2,
}
