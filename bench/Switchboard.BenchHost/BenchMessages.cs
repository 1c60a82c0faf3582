using System.Text.Json;
using System.Text.Json.Serialization;

namespace Switchboard.BenchHost;

/// <summary>The answer of <c>GET /perf/info</c>: which implementation and which process to measure.</summary>
internal sealed record PerfInfo(string Impl, int Pid);

/// <summary>The answer of <c>GET /perf/heap</c>: live heap bytes after a full collection.</summary>
internal sealed record PerfHeap(long HeapBytes);

/// <summary>
/// The answer of <c>GET /perf/runtime</c>: where a window's CPU went inside the runtime (the load generator reads it
/// before and after each measured window): JIT compilations and their time, GC count and pause time, bytes allocated.
/// </summary>
internal sealed record PerfRuntime(long JitMethods, double JitMs, int Gcs, double GcPauseMs, long AllocatedBytes);

/// <summary>One <c>msg</c> of the fanout scenario: the request's sequence number, the index within it, the sender's opaque time stamp and filler.</summary>
internal sealed record FanoutMessage(double Seq, int I, double T, string D);

/// <summary>The <c>events</c> envelope Open WebUI streams a chat completion in.</summary>
internal sealed record ChatEvent(
    [property: JsonPropertyName("chat_id")] string ChatId,
    [property: JsonPropertyName("message_id")] string MessageId,
    ChatEventData Data);

/// <summary>The <c>data</c> of a <see cref="ChatEvent"/>.</summary>
internal sealed record ChatEventData(string Type, ChatCompletionData Data);

/// <summary>The delta of a streamed completion: its index, the server's wall clock (epoch ms) and the text.</summary>
internal sealed record ChatCompletionData(int I, long Ts, string Content);

/// <summary>Source-generated JSON for the bench payloads (camelCase, as the socket.io server's web defaults).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(PerfInfo))]
[JsonSerializable(typeof(PerfHeap))]
[JsonSerializable(typeof(PerfRuntime))]
[JsonSerializable(typeof(FanoutMessage))]
[JsonSerializable(typeof(ChatEvent))]
internal sealed partial class BenchJsonContext : JsonSerializerContext;
