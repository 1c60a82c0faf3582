namespace Switchboard.Yjs.Updates;

/// <summary>The delete ranges of one client, in wire order.</summary>
/// <param name="Client">The client.</param>
/// <param name="Ranges">Its ranges (absolute clocks in v1).</param>
public sealed record DeleteSetClient(ulong Client, IReadOnlyList<DeleteRange> Ranges);
