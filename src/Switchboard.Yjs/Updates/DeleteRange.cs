namespace Switchboard.Yjs.Updates;

/// <summary>A range of deleted clocks of one client: <c>Clock .. Clock + Length − 1</c>.</summary>
/// <param name="Clock">First deleted clock.</param>
/// <param name="Length">Number of deleted clocks.</param>
public readonly record struct DeleteRange(ulong Clock, ulong Length)
{
    /// <summary>The clock just after the range.</summary>
    public ulong End => Clock + Length;
}
