using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Switchboard.SocketIO.Parsing;

namespace Switchboard.SocketIO.Tests;

public partial class SocketJsonTests
{
    public sealed record Greeting(string Text);

    public sealed record Unregistered(int Value);

    [JsonSerializable(typeof(Greeting))]
    [JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
    private sealed partial class GreetingContext : JsonSerializerContext;

    [Fact]
    public void DefaultOptions_Resolver_IsChainableAndReflectionBased()
    {
        // Reflection is on in this test process, so the default resolver binds any type; AOT apps insert their context in front.
        var options = new SocketIOOptions().SerializerOptions;
        Assert.NotNull(options.TypeInfoResolver);
        Assert.False(options.IsReadOnly);
        options.TypeInfoResolverChain.Insert(0, GreetingContext.Default);
        Assert.Equal(2, options.TypeInfoResolverChain.Count);
    }

    [Fact]
    public void Event_SourceGeneratedOnlyResolver_SerializesRegisteredType()
    {
        var options = SourceGeneratedOnly();
        var packet = SocketPayloadWriter.Event("/", "hello", [new Greeting("hi"), 3, "s", true], -1, options);
        Assert.Equal("2[\"hello\",{\"text\":\"hi\"},3,\"s\",true]", packet.ToString());
    }

    [Fact]
    public void Event_TypeMissingFromResolver_ThrowsNamingTheType()
    {
        var options = SourceGeneratedOnly();
        var error = Assert.Throws<NotSupportedException>(() => SocketPayloadWriter.Event("/", "x", [new Unregistered(1)], -1, options));
        Assert.Contains(nameof(Unregistered), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Get_SourceGeneratedOnlyResolver_BindsRegisteredAndPrimitiveTypes()
    {
        var args = Parse("2[\"m\",{\"text\":\"hi\"},7]", SourceGeneratedOnly());
        Assert.Equal(new Greeting("hi"), args.Get<Greeting>(0));
        Assert.Equal(7, args.Get<int>(1));
        Assert.Throws<NotSupportedException>(() => args.Get<Unregistered>(0));
    }

    [Fact]
    public void Get_WithTypeInfo_UsesThatMetadata()
    {
        // Options that know nothing: the explicit JsonTypeInfo overload still binds.
        var args = Parse("2[\"m\",{\"text\":\"hi\"}]", new JsonSerializerOptions { TypeInfoResolver = JsonTypeInfoResolver.Combine() });
        Assert.Equal(new Greeting("hi"), args.Get(0, GreetingContext.Default.Greeting));
        Assert.Throws<ArgumentNullException>(() => args.Get<Greeting>(0, null!));
    }

    [Fact]
    public void Get_OptionsWithoutResolver_GetTheDefaultOneAndBecomeReadOnly()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        var args = Parse("2[\"m\",{\"value\":5}]", options);
        Assert.Equal(new Unregistered(5), args.Get<Unregistered>(0));
        Assert.True(options.IsReadOnly);
        Assert.NotNull(options.TypeInfoResolver);
    }

    [Fact]
    public void SocketArgsParse_NoOptions_BindsWithWebDefaults()
    {
        var args = SocketArgs.Parse("[{\"value\":5}]"u8);
        Assert.Equal(new Unregistered(5), args.Get<Unregistered>(0));
    }

    // What a native AOT application configures: its own context, then the library's primitives (reflection off).
    private static JsonSerializerOptions SourceGeneratedOnly()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            TypeInfoResolver = JsonTypeInfoResolver.Combine(GreetingContext.Default, SocketJsonContext.Default),
        };
        return options;
    }

    private static SocketArgs Parse(string packet, JsonSerializerOptions options)
    {
        var payload = Encoding.UTF8.GetBytes(packet[packet.IndexOf('[', StringComparison.Ordinal)..]);
        var document = JsonDocument.Parse(payload);
        return SocketArgs.FromPacket(document, 1, [], options);
    }
}
