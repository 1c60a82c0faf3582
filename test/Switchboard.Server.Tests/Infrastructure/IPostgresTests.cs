namespace Switchboard.Server.Tests.Infrastructure;

/// <summary>Marks a test class whose <see cref="StorageFactAttribute"/> tests run on PostgreSQL.</summary>
public interface IPostgresTests;
