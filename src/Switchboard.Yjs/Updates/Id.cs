namespace Switchboard.Yjs.Updates;

/// <summary>
/// The ID of one clock unit: the client that created it and its clock (both at most 2^53−1, as in JavaScript).
/// </summary>
/// <param name="Client">The creating client's id (a random uint32 in practice).</param>
/// <param name="Clock">The client's clock for this unit.</param>
public readonly record struct Id(ulong Client, ulong Clock)
{
    /// <inheritdoc />
    public override string ToString() => $"{Client}:{Clock}";
}
