namespace Switchboard.Server.Documents;

/// <summary>Log messages of collaborative documents.</summary>
internal static partial class DocumentsLog
{
    [LoggerMessage(1, LogLevel.Debug, "Loaded document {DocumentId}: {Bytes} bytes of state, {Updates} logged updates.", EventName = "Loaded")]
    public static partial void Loaded(ILogger logger, string documentId, int bytes, int updates);

    [LoggerMessage(2, LogLevel.Information, "Seeded document {DocumentId} from the note's stored content ({Bytes} bytes).", EventName = "Seeded")]
    public static partial void Seeded(ILogger logger, string documentId, int bytes);

    [LoggerMessage(3, LogLevel.Warning, "The stored content of note {NoteId} could not be turned into a document; it opens empty: {Reason}", EventName = "SeedFailed")]
    public static partial void SeedFailed(ILogger logger, string noteId, string reason);

    [LoggerMessage(4, LogLevel.Error, "A stored update of document {DocumentId} (seq {Seq}) could not be applied and was skipped.", EventName = "StoredUpdateInvalid")]
    public static partial void StoredUpdateInvalid(ILogger logger, string documentId, long seq, Exception exception);

    [LoggerMessage(5, LogLevel.Error, "Appending to the log of document {DocumentId} failed; the next save writes the whole state.", EventName = "AppendFailed")]
    public static partial void AppendFailed(ILogger logger, string documentId, Exception exception);

    [LoggerMessage(6, LogLevel.Error, "Saving document {DocumentId} failed; it is tried again.", EventName = "SaveFailed")]
    public static partial void SaveFailed(ILogger logger, string documentId, Exception exception);

    [LoggerMessage(7, LogLevel.Warning, "Not saving document {DocumentId}: it is empty and has never had content here, and note {NoteId} has stored content.", EventName = "EmptyOverwriteRefused")]
    public static partial void EmptyOverwriteRefused(ILogger logger, string documentId, string noteId);

    [LoggerMessage(8, LogLevel.Information, "Refused document {DocumentId} for socket {SocketId}: {Reason}.", EventName = "OverLimit")]
    public static partial void OverLimit(ILogger logger, string documentId, string socketId, string reason);

    [LoggerMessage(9, LogLevel.Error, "Opening document {DocumentId} for socket {SocketId} failed.", EventName = "JoinFailed")]
    public static partial void JoinFailed(ILogger logger, string documentId, string socketId, Exception exception);

    [LoggerMessage(10, LogLevel.Debug, "Saved document {DocumentId} (content {ContentWritten}, state {Bytes} bytes at seq {Seq}).", EventName = "Saved")]
    public static partial void Saved(ILogger logger, string documentId, bool contentWritten, int bytes, long seq);

    [LoggerMessage(11, LogLevel.Warning, "Note {NoteId} no longer exists; its document was not saved to it.", EventName = "NoteGone")]
    public static partial void NoteGone(ILogger logger, string noteId);

    [LoggerMessage(12, LogLevel.Warning, "Document {DocumentId} is not note content the server can read, so its note content is not derived: {Reason}", EventName = "ContentUnreadable")]
    public static partial void ContentUnreadable(ILogger logger, string documentId, string reason);

    [LoggerMessage(13, LogLevel.Information, "Document {DocumentId} replaced by note content written over HTTP ({Bytes} bytes, {Members} editors).", EventName = "Replaced")]
    public static partial void Replaced(ILogger logger, string documentId, int bytes, int members);

    [LoggerMessage(14, LogLevel.Warning, "The sessions of document {DocumentId} list this instance's sockets only: {Message}", EventName = "SessionsIncomplete")]
    public static partial void SessionsIncomplete(ILogger logger, string documentId, string message);

    [LoggerMessage(15, LogLevel.Information, "Redis is back: read the stored logs of {Count} open documents again.", EventName = "Refreshed")]
    public static partial void Refreshed(ILogger logger, int count);
}
