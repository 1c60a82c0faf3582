namespace Switchboard.Server.Tests.Scaling;

/// <summary>The timings a <see cref="ProcessCluster"/> runs with (short, so expiry tests end in seconds).</summary>
internal sealed record RedisModeSettings
{
    public TimeSpan SessionPoolTimeout { get; init; } = TimeSpan.FromSeconds(120);

    public TimeSpan LockTimeout { get; init; } = TimeSpan.FromSeconds(60);

    public TimeSpan UsageExpiry { get; init; } = TimeSpan.FromSeconds(3);
}
