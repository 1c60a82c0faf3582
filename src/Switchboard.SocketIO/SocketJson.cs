using System.Diagnostics.CodeAnalysis;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Switchboard.SocketIO;

/// <summary>
/// How the Socket.IO layer finds System.Text.Json metadata. Every typed value goes through
/// <see cref="JsonSerializerOptions.GetTypeInfo(Type)"/> of the configured options, never through the
/// reflection-only serializer overloads, so the library itself is trimming- and AOT-safe; which types work is
/// decided by the options' <see cref="JsonSerializerOptions.TypeInfoResolver"/> (SignalR's JSON protocol and
/// ASP.NET Core's <c>JsonOptions</c> follow the same rule).
/// </summary>
internal static class SocketJson
{
    private static readonly Lock FreezeLock = new();

    /// <summary>The resolver of the default options (see <see cref="CreateDefaultResolver"/>).</summary>
    public static IJsonTypeInfoResolver DefaultResolver { get; } = CreateDefaultResolver();

    /// <summary>Read-only default options, for values written where no server options are at hand.</summary>
    public static JsonSerializerOptions Default { get; } = Freeze(CreateDefaultOptions());

    /// <summary>The defaults of <see cref="SocketIOOptions.SerializerOptions"/>: web defaults, Node's escaping, <see cref="DefaultResolver"/>.</summary>
    public static JsonSerializerOptions CreateDefaultOptions() => new(JsonSerializerDefaults.Web)
    {
        // Node's JSON.stringify does not escape non-ASCII text either; these bytes never reach HTML unescaped.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        TypeInfoResolver = DefaultResolver,
    };

    /// <summary>
    /// Makes <paramref name="options"/> read-only, as the serializer does on first use, so its metadata is cached;
    /// options without a resolver get <see cref="DefaultResolver"/>, as the serializer would give them.
    /// </summary>
    public static JsonSerializerOptions Freeze(JsonSerializerOptions options)
    {
        if (!options.IsReadOnly)
        {
            // Two first uses may race; the second must not set a resolver on options the first already locked.
            lock (FreezeLock)
            {
                if (!options.IsReadOnly)
                {
                    options.TypeInfoResolver ??= DefaultResolver;
                    options.MakeReadOnly();
                }
            }
        }

        return options;
    }

    /// <summary>The metadata for <typeparamref name="T"/>; throws <see cref="NotSupportedException"/> naming the type when the resolver has none.</summary>
    public static JsonTypeInfo<T> TypeInfo<T>(JsonSerializerOptions options) => (JsonTypeInfo<T>)Freeze(options).GetTypeInfo(typeof(T));

    // Reflection-based metadata unless the application turned it off: trimmed and native AOT applications do, through
    // the System.Text.Json.JsonSerializer.IsReflectionEnabledByDefault feature switch, and the trimmer then removes
    // the reflection branch. Without reflection, the library's own context covers the primitive types; applications
    // add theirs in front (o.SerializerOptions.TypeInfoResolverChain.Insert(0, MyContext.Default)).
    [UnconditionalSuppressMessage("Trimming", "IL2026:RequiresUnreferencedCode", Justification = "Only reached when reflection-based serialization is enabled, which trimmed applications turn off.")]
    [UnconditionalSuppressMessage("AOT", "IL3050:RequiresDynamicCode", Justification = "Only reached when reflection-based serialization is enabled, which native AOT applications turn off.")]
    private static IJsonTypeInfoResolver CreateDefaultResolver() =>
        JsonSerializer.IsReflectionEnabledByDefault ? new DefaultJsonTypeInfoResolver() : SocketJsonContext.Default;
}
