using System.Text;
using Microsoft.Extensions.Options;
using Switchboard.Server.Configuration;

namespace Switchboard.Server.Auth;

/// <summary>The deployment's token key: <c>WEBUI_SECRET_KEY</c>, or the one generated in the data folder on first start.</summary>
internal sealed class SigningKey(IOptions<SwitchboardOptions> options)
{
    private readonly Lazy<byte[]> _key = new(() => Encoding.UTF8.GetBytes(SecretKeyStore.Resolve(options.Value)));

    public ReadOnlySpan<byte> Bytes => _key.Value;
}
