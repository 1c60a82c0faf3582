using Microsoft.Extensions.Options;
using Switchboard.Server.Api;
using Switchboard.Server.Api.Auths;

namespace Switchboard.Server.Tests.Api.Auths;

/// <summary>
/// Hashes written by real implementations verify: argon2-cffi 21.1 (Debian python3-argon2, what Open WebUI uses) and
/// Python's bcrypt 3.2 (python3-bcrypt), produced with
/// <c>/usr/bin/python3 -c "import argon2; print(argon2.PasswordHasher(time_cost=2, memory_cost=1024, parallelism=2).hash('correct horse'))"</c>
/// and <c>bcrypt.hashpw(pw, bcrypt.gensalt(4))</c>.
/// </summary>
public sealed class PasswordHasherTests
{
    private const string Argon2Small = "$argon2id$v=19$m=1024,t=2,p=2$2inae+DcYO2z//Vdy8vY5g$61j8Imsr2DeQOUS5zX8RbQ";
    private const string Argon2Default = "$argon2id$v=19$m=102400,t=2,p=8$cJprlFroVhY0DtiSjuHfTQ$hYatPwORk78YGV7j6p54yQ";

    // bcrypt.hashpw(("é" * 40).encode()[:72], bcrypt.gensalt(4)): 80 bytes of password, the first 72 hashed.
    private const string BcryptOf72Bytes = "$2b$04$ijev5KigGzXgU83Pfx60A.DH45JCOvsXOhLanVEr7Dk6WmeMJBd8.";
    private const string BcryptSecret12 = "$2b$12$Ixbh6rwdFqpROJ4FivxnXOft5WXmVEKD6oq3eYQrUA9RxFDC3Jw2a";

    [Theory]
    [InlineData(Argon2Small, "correct horse", true)]
    [InlineData(Argon2Small, "correct horsf", false)]
    [InlineData(Argon2Small, "", false)]
    [InlineData(Argon2Default, "correct horse", true)]
    [InlineData(BcryptSecret12, "secret", true)]
    [InlineData(BcryptSecret12, "Secret", false)]
    public async Task VerifyAsync_HashFromPython_MatchesOnlyThePassword(string hash, string password, bool expected)
    {
        Assert.Equal(expected, await PasswordHasher.VerifyAsync(password, hash).WaitAsync(TimeSpan.FromSeconds(60)));
    }

    [Fact]
    public async Task VerifyAsync_BcryptLongPassword_OnlyFirst72BytesCount()
    {
        Assert.True(await PasswordHasher.VerifyAsync(new string('é', 40), BcryptOf72Bytes));
        Assert.True(await PasswordHasher.VerifyAsync(new string('é', 36) + "anything after byte 72", BcryptOf72Bytes));
        Assert.False(await PasswordHasher.VerifyAsync(new string('é', 35), BcryptOf72Bytes));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("plain text")]
    [InlineData("$2b$04$short")]
    [InlineData("$argon2id$v=16$m=1024,t=2,p=2$2inae+DcYO2z//Vdy8vY5g$61j8Imsr2DeQOUS5zX8RbQ")]
    [InlineData("$argon2id$v=19$m=99999999,t=2,p=2$2inae+DcYO2z//Vdy8vY5g$61j8Imsr2DeQOUS5zX8RbQ")]
    [InlineData("$argon2id$v=19$m=1024,t=2$2inae+DcYO2z//Vdy8vY5g$61j8Imsr2DeQOUS5zX8RbQ")]
    [InlineData("$argon2id$v=19$m=1024,t=2,p=2$not*base64$61j8Imsr2DeQOUS5zX8RbQ")]
    [InlineData("$argon2i$v=19$m=1024,t=2,p=2$2inae+DcYO2z//Vdy8vY5g$61j8Imsr2DeQOUS5zX8RbQ")]
    public async Task VerifyAsync_UnreadableHash_False(string? hash)
    {
        Assert.False(await PasswordHasher.VerifyAsync("correct horse", hash));
    }

    [Fact]
    public async Task Hash_NewPassword_Bcrypt2bThatVerifies()
    {
        var hasher = new PasswordHasher(Options.Create(new ApiOptions { BcryptWorkFactor = 4 }));

        var hash = hasher.Hash("pässword");

        Assert.StartsWith("$2b$04$", hash, StringComparison.Ordinal);
        Assert.True(await PasswordHasher.VerifyAsync("pässword", hash));
        Assert.False(await PasswordHasher.VerifyAsync("password", hash));
    }
}
