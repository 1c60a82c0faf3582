using Microsoft.Extensions.Options;

namespace Switchboard.Server.Documents;

/// <summary>Checks <see cref="DocumentOptions"/> at start (<c>ValidateOnStart</c>).</summary>
internal sealed class DocumentOptionsValidator : IValidateOptions<DocumentOptions>
{
    public ValidateOptionsResult Validate(string? name, DocumentOptions options)
    {
        var failures = new List<string>();
        if (options.SaveDelay <= TimeSpan.Zero)
        {
            failures.Add($"{nameof(options.SaveDelay)} must be positive (was {options.SaveDelay}).");
        }

        if (options.MaxSaveDelay < options.SaveDelay)
        {
            failures.Add($"{nameof(options.MaxSaveDelay)} must be at least {nameof(options.SaveDelay)} (was {options.MaxSaveDelay}).");
        }

        if (options.MaxDocumentBytes is <= 0)
        {
            failures.Add($"{nameof(options.MaxDocumentBytes)} must be positive or unset (was {options.MaxDocumentBytes}).");
        }

        if (options.MaxAwarenessBytes <= 0)
        {
            failures.Add($"{nameof(options.MaxAwarenessBytes)} must be positive (was {options.MaxAwarenessBytes}).");
        }

        if (options.CompactAfterUpdates <= 0)
        {
            failures.Add($"{nameof(options.CompactAfterUpdates)} must be positive (was {options.CompactAfterUpdates}).");
        }

        if (options.AccessRecheckInterval < TimeSpan.Zero)
        {
            failures.Add($"{nameof(options.AccessRecheckInterval)} must not be negative (was {options.AccessRecheckInterval}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
