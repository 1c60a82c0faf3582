namespace Switchboard.Server.Documents;

/// <summary><c>ydoc:user:joined</c>, with the identity the server knows (G4).</summary>
internal sealed record UserJoined(string DocumentId, string UserId, string UserName, string UserColor);
