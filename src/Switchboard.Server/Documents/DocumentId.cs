using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using Switchboard.Server.Realtime;

namespace Switchboard.Server.Documents;

/// <summary>
/// A collaborative document's id in canonical form. Open WebUI's editor names a note's document <c>note:&lt;id&gt;</c>,
/// and its storage keys replace <c>:</c> with <c>_</c>, so <c>note_&lt;id&gt;</c> reached the same document while
/// skipping the <c>note:</c> permission check (G3). Both spellings parse to the same value here, before any check, and
/// every other kind of document is refused: notes are the only documents the frontend edits.
/// </summary>
internal readonly record struct DocumentId
{
    private const string Prefix = "note:";
    private const string StoragePrefix = "note_";
    private static readonly SearchValues<char> Forbidden = SearchValues.Create(":\0\r\n\t ");

    private DocumentId(string noteId)
    {
        NoteId = noteId;
    }

    /// <summary>The note's id (<c>note.id</c>).</summary>
    public string NoteId { get; }

    /// <summary>The canonical id, <c>note:&lt;id&gt;</c>: the key in storage and the <c>document_id</c> the server sends.</summary>
    public string Value => Prefix + NoteId;

    /// <summary>The Socket.IO room of the document's editors, <c>doc_note:&lt;id&gt;</c>.</summary>
    public string Room => Rooms.Document(Value);

    /// <summary>Reads <c>note:&lt;id&gt;</c> or <c>note_&lt;id&gt;</c>; false with a reason for anything else.</summary>
    public static bool TryParse(string? text, out DocumentId id, [NotNullWhen(false)] out string? error)
    {
        id = default;
        if (string.IsNullOrEmpty(text) || text.Length > Payload.MaxIdLength + Prefix.Length)
        {
            error = $"'document_id' must be 1 to {Payload.MaxIdLength + Prefix.Length} characters";
            return false;
        }

        var noteId = text.StartsWith(Prefix, StringComparison.Ordinal) ? text[Prefix.Length..]
            : text.StartsWith(StoragePrefix, StringComparison.Ordinal) ? text[StoragePrefix.Length..]
            : null;
        if (noteId is null)
        {
            error = "'document_id' must name a note (note:<id>)";
            return false;
        }

        // An id with a separator or control character cannot be one Open WebUI made (UUIDs); refusing it keeps one
        // note from having several spellings (note:note:x, note_note_x ...).
        if (noteId.Length == 0 || noteId.AsSpan().IndexOfAny(Forbidden) >= 0 || noteId.StartsWith(StoragePrefix, StringComparison.Ordinal))
        {
            error = "'document_id' has no valid note id";
            return false;
        }

        id = new DocumentId(noteId);
        error = null;
        return true;
    }

    /// <inheritdoc />
    public override string ToString() => Value;
}
