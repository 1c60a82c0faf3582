namespace Switchboard.SocketIO.Adapters;

/// <summary>The answers to a broadcast with ack.</summary>
/// <param name="Responses">Each client's ack arguments, in arrival order.</param>
/// <param name="ExpectedResponses">How many clients the packet reached.</param>
/// <param name="TimedOut"><see langword="true"/> when the timeout came before every client answered.</param>
public sealed record BroadcastAckResult(IReadOnlyList<SocketArgs> Responses, int ExpectedResponses, bool TimedOut);
