using System.Text.Json;
using System.Text.Json.Nodes;

namespace Switchboard.Server.Chat;

/// <summary>The answer of an event call: the client's first ack argument, or why there is none.</summary>
public sealed record ChatCallResult
{
    /// <summary>The message when the target socket is gone or belongs to another user (NEWEST's wording).</summary>
    public const string Disconnected = "Client session disconnected.";

    /// <summary>The message when the client did not answer in time.</summary>
    public const string TimedOut = "Event call timed out.";

    /// <summary>The client's answer (its first ack argument; JSON null when it acked with nothing).</summary>
    public JsonNode? Value { get; init; }

    /// <summary>Why the call failed; <see langword="null"/> when it succeeded.</summary>
    public string? Error { get; init; }

    /// <summary>Whether the client answered.</summary>
    public bool Succeeded => Error is null;

    /// <summary>The value, or <c>{"error": ...}</c> as Open WebUI returns failures.</summary>
    public JsonNode? ToJson() => Succeeded ? Value?.DeepClone() : new JsonObject { ["error"] = Error };

    internal static ChatCallResult Fail(string error) => new() { Error = error };

    internal static ChatCallResult From(JsonElement? answer) => new()
    {
        Value = answer is { ValueKind: not JsonValueKind.Undefined } a ? JsonNode.Parse(a.GetRawText()) : null,
    };
}
