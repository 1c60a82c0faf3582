using System.Text.Json.Serialization;

namespace Switchboard.SocketIO.EngineIO;

/// <summary>Source-generated JSON for the error bodies (camelCase: <c>{"code":1,"message":"..."}</c>).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(EngineErrors.ErrorBody))]
internal sealed partial class EngineJsonContext : JsonSerializerContext;
