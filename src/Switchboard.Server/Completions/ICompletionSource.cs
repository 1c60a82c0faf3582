using System.Text.Json.Nodes;

namespace Switchboard.Server.Completions;

/// <summary>
/// Produces the chunks of one completion: an OpenAI-compatible upstream (<see cref="UpstreamSource"/>) or the
/// built-in <see cref="EchoModel"/>. Everything after it (socket events, storage, the HTTP form) is one path.
/// </summary>
internal interface ICompletionSource
{
    /// <summary>
    /// Streams the completion of <paramref name="body"/> (an OpenAI request). Fails with
    /// <see cref="CompletionException"/>; cancelling <paramref name="cancellationToken"/> aborts the upstream request.
    /// </summary>
    IAsyncEnumerable<CompletionChunk> StreamAsync(JsonObject body, CancellationToken cancellationToken);
}
