namespace Switchboard.SocketIO.EngineIO.Transports;

/// <summary>What <see cref="WebSocketTransport.ReceiveAsync"/> read.</summary>
internal enum WebSocketMessageKind
{
    Text,
    Binary,
    Close,
    TooBig,
}
