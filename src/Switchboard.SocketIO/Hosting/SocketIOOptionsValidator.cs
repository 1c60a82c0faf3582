using Microsoft.Extensions.Options;

namespace Switchboard.SocketIO.Hosting;

/// <summary>Checks <see cref="SocketIOOptions"/> at start (<c>ValidateOnStart</c>).</summary>
internal sealed class SocketIOOptionsValidator : IValidateOptions<SocketIOOptions>
{
    public ValidateOptionsResult Validate(string? name, SocketIOOptions options)
    {
        var failures = new List<string>();
        if (options.ConnectTimeout <= TimeSpan.Zero)
        {
            failures.Add($"{nameof(SocketIOOptions.ConnectTimeout)} must be positive.");
        }

        if (options.MaxAttachments is < 1 or > 1000)
        {
            failures.Add($"{nameof(SocketIOOptions.MaxAttachments)} must be between 1 and 1000.");
        }

        if (options.SerializerOptions is null)
        {
            failures.Add($"{nameof(SocketIOOptions.SerializerOptions)} is required.");
        }

        if (options.BroadcastAckTimeout <= TimeSpan.Zero)
        {
            failures.Add($"{nameof(SocketIOOptions.BroadcastAckTimeout)} must be positive.");
        }

        if (options.MaxRoomsPerSocket < 1)
        {
            failures.Add($"{nameof(SocketIOOptions.MaxRoomsPerSocket)} must be at least 1.");
        }

        if (options.MaximumParallelInvocationsPerClient < 1)
        {
            failures.Add($"{nameof(SocketIOOptions.MaximumParallelInvocationsPerClient)} must be at least 1.");
        }

        if (options.MaximumQueuedInvocationsPerClient < 1)
        {
            failures.Add($"{nameof(SocketIOOptions.MaximumQueuedInvocationsPerClient)} must be at least 1.");
        }

        if (options.ConnectionStateRecovery is { MaxDisconnectionDuration: var max } && max <= TimeSpan.Zero)
        {
            failures.Add("ConnectionStateRecovery.MaxDisconnectionDuration must be positive.");
        }

        if (options.ConnectionStateRecovery is { } recovery && (recovery.MaxLogPackets < 1 || recovery.MaxLogBytes < 1 || recovery.MaxSessions < 1))
        {
            failures.Add("ConnectionStateRecovery.MaxLogPackets, MaxLogBytes and MaxSessions must be positive.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
