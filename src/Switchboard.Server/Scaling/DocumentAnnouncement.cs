using System.Text.Json.Serialization;

namespace Switchboard.Server.Scaling;

/// <summary>An accepted document update, announced to the other instances: <c>{"o": instance, "d": document, "s": seq, "u": base64}</c>.</summary>
internal sealed record DocumentAnnouncement(
    [property: JsonPropertyName("o")] string Origin,
    [property: JsonPropertyName("d")] string DocumentId,
    [property: JsonPropertyName("s")] long Seq,
    [property: JsonPropertyName("u")] byte[] Update);
