using System.Text.Json;
using System.Text.Json.Serialization;

namespace PackageConsumer;

public sealed record JoinRequest(string Room);

public sealed record Joined(string Name, string Room);

public sealed record ChatLine(string Room, string Text);

public sealed record ChatMessage(string From, string Room, string Text);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(JoinRequest))]
[JsonSerializable(typeof(Joined))]
[JsonSerializable(typeof(ChatLine))]
[JsonSerializable(typeof(ChatMessage))]
internal sealed partial class ChatJson : JsonSerializerContext;
