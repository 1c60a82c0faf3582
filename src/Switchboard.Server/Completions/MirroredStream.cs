using System.Text.Json.Nodes;

namespace Switchboard.Server.Completions;

/// <summary>
/// A reply's delta form as an instance recorded it: its user, the stream's id (<see cref="ChatStream.Id"/>; empty when
/// an older Switchboard recorded it), its batches (batch k at index k - 1), its end.
/// </summary>
internal sealed record MirroredStream(string UserId, string StreamId, IReadOnlyList<string> Batches, JsonObject? End);
