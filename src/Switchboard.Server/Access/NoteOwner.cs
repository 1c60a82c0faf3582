namespace Switchboard.Server.Access;

/// <summary>A note's owner, as the access check reads it (a record, so "no such note" is <see langword="null"/>).</summary>
internal sealed record NoteOwner(string? UserId);
