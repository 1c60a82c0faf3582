namespace Switchboard.Server.Documents;

/// <summary>One instance: it numbers its own log and always saves.</summary>
internal sealed class LocalDocumentCoordinator : IDocumentCoordinator
{
    public bool IsShared => false;

    public Task<long?> NextSeqAsync(NoteDocument document) => Task.FromResult<long?>(document.LastSeq + 1);

    public Task PublishAsync(NoteDocument document, long seq, byte[] update) => Task.CompletedTask;

    public Task<bool> TryHoldSaveAsync(NoteDocument document) => Task.FromResult(true);

    public Task ReleaseAsync(NoteDocument document) => Task.CompletedTask;
}
