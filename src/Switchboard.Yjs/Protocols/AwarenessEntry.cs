namespace Switchboard.Yjs.Protocols;

/// <summary>One client's awareness state in an awareness update.</summary>
/// <param name="ClientId">The Yjs client id whose state this is.</param>
/// <param name="Clock">The state's clock; a newer state has a higher clock.</param>
/// <param name="StateJson">The state as JSON text (<c>JSON.stringify(state)</c>); <c>null</c> means the client is gone.</param>
public sealed record AwarenessEntry(ulong ClientId, ulong Clock, string StateJson)
{
    /// <summary>True when the state is <c>null</c>: the client went away.</summary>
    public bool IsRemoved => StateJson == "null";
}
