namespace Switchboard.SocketIO.Redis.Protocol;

/// <summary>The RESP2 value types, by their first byte (the Redis serialization protocol, "RESP protocol description").</summary>
internal enum RespType : byte
{
    SimpleString = (byte)'+',
    Error = (byte)'-',
    Integer = (byte)':',
    BulkString = (byte)'$',
    Array = (byte)'*',
}
