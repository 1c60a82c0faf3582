using System.Text.Json.Nodes;
using Switchboard.Server.Chat;

namespace Switchboard.Server.Completions;

/// <summary>One instance: every socket reconnects to the instance that streams, which resumes from memory; nothing to keep.</summary>
internal sealed class LocalChatStreamMirror : IChatStreamMirror
{
    public Task StartAsync(ChatEventTarget target, string streamId) => Task.CompletedTask;

    public Task AppendAsync(ChatEventTarget target, string streamId, int seq, string delta) => Task.CompletedTask;

    public Task EndAsync(ChatEventTarget target, string streamId, int seq, JsonObject end) => Task.CompletedTask;

    public Task<MirroredStream?> ReadAsync(string chatId, string messageId, CancellationToken cancellationToken) => Task.FromResult<MirroredStream?>(null);
}
