using System.Security.Cryptography;

namespace Switchboard.Server.Configuration;

/// <summary>
/// The key tokens are signed with: <c>WEBUI_SECRET_KEY</c> when configured; otherwise a random key generated on the
/// first start and kept in <c>{DATA_DIR}/.webui_secret_key</c> (readable by the owner only), so the first run needs
/// no set-up and tokens survive restarts.
/// </summary>
internal static class SecretKeyStore
{
    public const string FileName = ".webui_secret_key";

    public static string Resolve(SwitchboardOptions options)
    {
        if (options.SecretKey is { Length: > 0 } configured)
        {
            return configured;
        }

        Directory.CreateDirectory(options.DataDir);
        var path = Path.Combine(options.DataDir, FileName);
        if (File.Exists(path) && File.ReadAllText(path).Trim() is { Length: > 0 } kept)
        {
            return kept;
        }

        var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var temp = path + ".tmp";
        var streamOptions = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            streamOptions.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var writer = new StreamWriter(temp, System.Text.Encoding.UTF8, streamOptions))
        {
            writer.Write(key);
        }

        try
        {
            // Another process starting at the same time may have written its key first: keep that one.
            File.Move(temp, path, overwrite: false);
            return key;
        }
        catch (IOException)
        {
            File.Delete(temp);
            return File.ReadAllText(path).Trim();
        }
    }
}
