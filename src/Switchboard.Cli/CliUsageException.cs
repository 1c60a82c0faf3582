namespace Switchboard.Cli;

/// <summary>Wrong command-line usage (exit code 2 and the usage text).</summary>
public sealed class CliUsageException : Exception
{
    /// <summary>Creates the exception.</summary>
    public CliUsageException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public CliUsageException()
    {
    }

    /// <summary>Creates the exception.</summary>
    public CliUsageException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
