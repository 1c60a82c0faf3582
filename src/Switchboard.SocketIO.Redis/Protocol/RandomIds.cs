using System.Security.Cryptography;

namespace Switchboard.SocketIO.Redis.Protocol;

/// <summary>Server and request ids as Node makes them.</summary>
internal static class RandomIds
{
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    /// <summary>6 characters like uid2(6): the classic adapter's server uids and request ids.</summary>
    public static string Classic() => RandomNumberGenerator.GetString(Alphabet, 6);

    /// <summary>16 hex characters like randomBytes(8).toString("hex"): the ClusterAdapter's uids and request ids.</summary>
    public static string Sharded() => RandomNumberGenerator.GetHexString(16, lowercase: true);
}
