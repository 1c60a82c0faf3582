namespace Switchboard.SocketIO.Tests.Interop;

/// <summary>
/// The Node interop tests run alone (not beside other test classes): each starts Kestrel and a Node process, and on
/// a 2-core machine their timing-sensitive checks (ack timeouts, reconnects) should not share the CPU with the rest.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class InteropTestGroup
{
    public const string Name = "Socket.IO interop";
}
