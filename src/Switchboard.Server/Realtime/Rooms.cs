namespace Switchboard.Server.Realtime;

/// <summary>The room names of the contract (§2.1).</summary>
public static class Rooms
{
    /// <summary><c>user:{id}</c>: every tab of one user.</summary>
    public static string User(string userId) => "user:" + userId;

    /// <summary><c>channel:{id}</c>: the sockets of a channel's readers.</summary>
    public static string Channel(string channelId) => "channel:" + channelId;

    /// <summary><c>note:{id}</c>: the sockets showing a note (for <c>note-events</c>).</summary>
    public static string Note(string noteId) => "note:" + noteId;

    /// <summary><c>doc_{document_id}</c>: the editors of a collaborative document.</summary>
    public static string Document(string documentId) => "doc_" + documentId;
}
