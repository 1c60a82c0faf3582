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

        if (options.ConnectionStateRecovery is { MaxDisconnectionDuration: var max } && max <= TimeSpan.Zero)
        {
            failures.Add("ConnectionStateRecovery.MaxDisconnectionDuration must be positive.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
