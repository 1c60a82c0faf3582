namespace Switchboard.Server.Chat;

/// <summary>Opens <see cref="DirectChannel"/>s on a user's socket and ends them when that socket leaves.</summary>
public interface IDirectChannels
{
    /// <summary>
    /// Opens a channel named <c>{userId}:{socketId}:{uuid}</c> on socket <paramref name="socketId"/>, which must be
    /// connected here as <paramref name="userId"/>; <see langword="null"/> otherwise. It ends after <paramref name="lifetime"/>.
    /// </summary>
    DirectChannel? Open(string userId, string socketId, TimeSpan lifetime);
}
