namespace Switchboard.Yjs.Updates;

/// <summary>
/// Per client, the first and the end clock of the structs an update carries (yjs <c>parseUpdateMeta</c>), e.g. to
/// check that an update continues what a server already has.
/// </summary>
/// <param name="From">Client → clock of its first struct in the update.</param>
/// <param name="To">Client → clock just after its last struct in the update.</param>
public sealed record UpdateMeta(IReadOnlyDictionary<ulong, ulong> From, IReadOnlyDictionary<ulong, ulong> To);
