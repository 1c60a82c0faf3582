using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Switchboard.Server.Auth;

namespace Switchboard.Server.Tests.Auth;

public sealed class JwtTokenTests
{
    private static readonly byte[] Key = Encoding.UTF8.GetBytes("t0p-s3cr3t");
    private const double Now = 1_800_000_000;

    // A token as PyJWT makes it for Open WebUI: jwt.encode({"id": "u1", "exp": 1900000000}, "t0p-s3cr3t", "HS256").
    private static string Make(string header, string payload, byte[]? key = null)
    {
        var input = Base64Url.EncodeToString(Encoding.UTF8.GetBytes(header)) + "." + Base64Url.EncodeToString(Encoding.UTF8.GetBytes(payload));
        var signature = HMACSHA256.HashData(key ?? Key, Encoding.ASCII.GetBytes(input));
        return input + "." + Base64Url.EncodeToString(signature);
    }

    [Fact]
    public void TryValidate_PyJwtShapedToken_ReturnsClaims()
    {
        var token = Make("""{"alg":"HS256","typ":"JWT"}""", """{"id":"u1","exp":1900000000,"jti":"j1","iat":1700000000}""");

        Assert.True(JwtToken.TryValidate(token, Key, Now, out var claims, out _));
        Assert.Equal("u1", claims.UserId);
        Assert.Equal(1_900_000_000, claims.ExpiresAt);
        Assert.Equal("j1", claims.TokenId);
        Assert.Equal(1_700_000_000, claims.IssuedAt);
    }

    [Fact]
    public void TryValidate_NoExpiry_NeverExpires()
    {
        var token = Make("""{"alg":"HS256","typ":"JWT"}""", """{"id":"u1"}""");

        Assert.True(JwtToken.TryValidate(token, Key, double.MaxValue / 2, out var claims, out _));
        Assert.Null(claims.ExpiresAt);
    }

    [Fact]
    public void TryValidate_Expired_Refused()
    {
        var token = Make("""{"alg":"HS256"}""", """{"id":"u1","exp":1800000000}""");

        Assert.False(JwtToken.TryValidate(token, Key, Now, out _, out var failure));
        Assert.Equal(JwtFailure.Expired, failure);
    }

    [Fact]
    public void TryValidate_OtherKey_BadSignature()
    {
        var token = Make("""{"alg":"HS256"}""", """{"id":"u1"}""", Encoding.UTF8.GetBytes("another-secret"));

        Assert.False(JwtToken.TryValidate(token, Key, Now, out _, out var failure));
        Assert.Equal(JwtFailure.BadSignature, failure);
    }

    [Fact]
    public void TryValidate_AlteredPayload_BadSignature()
    {
        var token = Make("""{"alg":"HS256"}""", """{"id":"u1"}""");
        var parts = token.Split('.');
        var forged = parts[0] + "." + Base64Url.EncodeToString("""{"id":"admin"}"""u8) + "." + parts[2];

        Assert.False(JwtToken.TryValidate(forged, Key, Now, out _, out var failure));
        Assert.Equal(JwtFailure.BadSignature, failure);
    }

    [Theory]
    [InlineData("""{"alg":"none","typ":"JWT"}""")]
    [InlineData("""{"alg":"None"}""")]
    [InlineData("""{"alg":"HS384"}""")]
    [InlineData("""{"alg":"HS512"}""")]
    [InlineData("""{"alg":"RS256"}""")]
    [InlineData("""{"alg":"hs256"}""")]
    public void TryValidate_OtherAlgorithm_Refused(string header)
    {
        // Signed with the right key all the same: the algorithm alone decides.
        var token = Make(header, """{"id":"u1"}""");

        Assert.False(JwtToken.TryValidate(token, Key, Now, out _, out var failure));
        Assert.Equal(JwtFailure.WrongAlgorithm, failure);
    }

    [Fact]
    public void TryValidate_AlgNoneWithEmptySignature_Refused()
    {
        var token = Base64Url.EncodeToString("""{"alg":"none"}"""u8) + "." + Base64Url.EncodeToString("""{"id":"u1"}"""u8) + ".";

        Assert.False(JwtToken.TryValidate(token, Key, Now, out _, out _));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("sk-0123456789abcdef0123456789abcdef")]
    [InlineData("a.b")]
    [InlineData("a.b.c.d")]
    [InlineData("!!!.???.***")]
    [InlineData("..")]
    public void TryValidate_NotAToken_Malformed(string? token)
    {
        Assert.False(JwtToken.TryValidate(token, Key, Now, out _, out var failure));
        Assert.Equal(JwtFailure.Malformed, failure);
    }

    [Theory]
    [InlineData("""{"exp":1900000000}""", JwtFailure.MissingUserId)]
    [InlineData("""{"id":42}""", JwtFailure.MissingUserId)]
    [InlineData("""{"id":""}""", JwtFailure.MissingUserId)]
    [InlineData("""{"id":"u1","exp":"soon"}""", JwtFailure.Malformed)]
    [InlineData("""{"id":"u1","iat":"then"}""", JwtFailure.Malformed)]
    [InlineData("""{"id":"u1","jti":7}""", JwtFailure.Malformed)]
    [InlineData("""["u1"]""", JwtFailure.Malformed)]
    [InlineData("""not json""", JwtFailure.Malformed)]
    public void TryValidate_BadClaims_Refused(string payload, JwtFailure expected)
    {
        var token = Make("""{"alg":"HS256"}""", payload);

        Assert.False(JwtToken.TryValidate(token, Key, Now, out _, out var failure));
        Assert.Equal(expected, failure);
    }

    [Fact]
    public void TryValidate_TooLong_Malformed()
    {
        var token = Make("""{"alg":"HS256"}""", "{\"id\":\"" + new string('x', JwtToken.MaxLength) + "\"}");

        Assert.False(JwtToken.TryValidate(token, Key, Now, out _, out var failure));
        Assert.Equal(JwtFailure.Malformed, failure);
    }

    [Fact]
    public void Create_RoundTrips()
    {
        var token = JwtToken.Create(new JwtClaims { UserId = "u1", ExpiresAt = 1_900_000_000, IssuedAt = 1_700_000_000, TokenId = "j" }, Key);

        Assert.True(JwtToken.TryValidate(token, Key, Now, out var claims, out _));
        Assert.Equal(new JwtClaims { UserId = "u1", ExpiresAt = 1_900_000_000, IssuedAt = 1_700_000_000, TokenId = "j" }, claims);
    }
}
