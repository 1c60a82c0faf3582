namespace Switchboard.Yjs.Updates;

/// <summary>
/// A fully decoded v1 update (yjs <c>decodeUpdate</c>): client groups in wire order, then the delete set.
/// <see cref="UpdateEncoder.Encode"/> writes it back byte for byte.
/// </summary>
/// <param name="Groups">The client groups in wire order (yjs writes clients descending).</param>
/// <param name="DeleteSet">The delete set in wire order.</param>
public sealed record DecodedUpdate(IReadOnlyList<ClientStructs> Groups, DeleteSet DeleteSet)
{
    /// <summary>All structs in wire order.</summary>
    public IEnumerable<UpdateStruct> Structs => Groups.SelectMany(g => g.Structs);
}
