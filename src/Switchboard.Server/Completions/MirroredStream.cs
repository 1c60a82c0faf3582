using System.Text.Json.Nodes;

namespace Switchboard.Server.Completions;

/// <summary>A reply's delta form as another instance recorded it: its user, its batches (batch k at index k - 1), its end.</summary>
internal sealed record MirroredStream(string UserId, IReadOnlyList<string> Batches, JsonObject? End);
