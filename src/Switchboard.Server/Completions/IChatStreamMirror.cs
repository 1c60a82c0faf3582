using System.Text.Json.Nodes;
using Switchboard.Server.Chat;

namespace Switchboard.Server.Completions;

/// <summary>
/// Where a reply's delta form is kept for sockets of other instances (G12 across instances): the instance that streams
/// records each batch and the end before it sends them, so a socket that reconnects to another instance (its own
/// died) can still <c>chat:stream:resume</c> there. One instance keeps nothing (<see cref="LocalChatStreamMirror"/>);
/// Redis mode keeps a capped, expiring list per message (<see cref="Scaling.RedisChatStreamMirror"/>).
/// </summary>
internal interface IChatStreamMirror
{
    /// <summary>
    /// Records that a new stream <paramref name="streamId"/> of a reply started and has no batch yet, in place of what an
    /// earlier stream of the same message recorded: a resume elsewhere then answers the new stream (nothing so far, not
    /// done) instead of the earlier one. Failures are the mirror's to log, never thrown.
    /// </summary>
    Task StartAsync(ChatEventTarget target, string streamId);

    /// <summary>
    /// Records batch <paramref name="seq"/> (1, 2, ...) of the stream <paramref name="streamId"/> of a reply (a
    /// regenerated or continued reply of the same message is a new stream). Failures are the mirror's to log, never thrown.
    /// </summary>
    Task AppendAsync(ChatEventTarget target, string streamId, int seq, string delta);

    /// <summary>Records the end of a reply's stream after <paramref name="seq"/> batches. Failures are logged, never thrown.</summary>
    Task EndAsync(ChatEventTarget target, string streamId, int seq, JsonObject end);

    /// <summary>The reply as recorded, or null when nothing is (another instance never streamed it, or it expired).</summary>
    Task<MirroredStream?> ReadAsync(string chatId, string messageId, CancellationToken cancellationToken);
}
