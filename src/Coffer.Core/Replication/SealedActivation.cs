using System.Buffers.Text;
using System.Security.Cryptography;
using Coffer.Sdk.Errors;

namespace Coffer.Core.Replication;

/// <summary>
/// Activation by public key (<c>secondary/generate-public-key</c>, then <c>secondary-token</c> with
/// <c>secondary_public_key</c>): the primary encrypts the activation data to a key pair the future secondary made,
/// so the secondary opens it locally and never calls the primary's API to unwrap it. Whoever intercepts the token
/// cannot use it without the secondary's private key.
/// </summary>
/// <remarks>
/// ECIES over P-256: an ephemeral key agreement with the secondary's public key, HKDF-SHA256 over the shared
/// secret (salted with both public keys) to an AES-256-GCM key. Token: <see cref="Prefix"/> then base64url of
/// [2-byte big-endian length][ephemeral public key, SubjectPublicKeyInfo][12-byte nonce][ciphertext][16-byte tag].
/// </remarks>
internal static class SealedActivation
{
    public const string Prefix = "cdra1.";

    private const int NonceSize = 12;
    private const int TagSize = 16;
    private static readonly byte[] Info = "coffer dr activation v1"u8.ToArray();

    /// <summary>A new key pair: the private half (PKCS#8) stays with the secondary, the public half (base64 SPKI) goes to the primary.</summary>
    public static (byte[] PrivateKey, string PublicKey) CreateKeyPair()
    {
        using var key = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
        return (key.ExportPkcs8PrivateKey(), Convert.ToBase64String(key.ExportSubjectPublicKeyInfo()));
    }

    public static bool IsSealed(string token) => token.StartsWith(Prefix, StringComparison.Ordinal);

    /// <summary>Encrypts <paramref name="plaintext"/> to <paramref name="publicKey"/> (base64 SPKI from generate-public-key).</summary>
    public static string Seal(string publicKey, ReadOnlySpan<byte> plaintext)
    {
        byte[] recipientSpki;
        using var recipient = ECDiffieHellman.Create();
        try
        {
            recipientSpki = Convert.FromBase64String(publicKey);
            recipient.ImportSubjectPublicKeyInfo(recipientSpki, out _);
        }
        catch (Exception e) when (e is FormatException or CryptographicException or PlatformNotSupportedException)
        {
            throw CofferException.BadRequest("secondary_public_key is not a public key from secondary/generate-public-key");
        }

        using var ephemeral = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
        var ephemeralSpki = ephemeral.ExportSubjectPublicKeyInfo();
        var key = DeriveKey(ephemeral.DeriveRawSecretAgreement(recipient.PublicKey), ephemeralSpki, recipientSpki);

        var sealedBytes = new byte[2 + ephemeralSpki.Length + NonceSize + plaintext.Length + TagSize];
        sealedBytes[0] = (byte)(ephemeralSpki.Length >> 8);
        sealedBytes[1] = (byte)ephemeralSpki.Length;
        ephemeralSpki.CopyTo(sealedBytes, 2);
        var nonce = sealedBytes.AsSpan(2 + ephemeralSpki.Length, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using (var aes = new AesGcm(key, TagSize))
        {
            var body = sealedBytes.AsSpan(2 + ephemeralSpki.Length + NonceSize);
            aes.Encrypt(nonce, plaintext, body[..plaintext.Length], body[plaintext.Length..], Info);
        }

        CryptographicOperations.ZeroMemory(key);
        return Prefix + Base64Url.EncodeToString(sealedBytes);
    }

    /// <summary>Decrypts a sealed activation with the secondary's private key; any mismatch is one clear error.</summary>
    public static byte[] Open(byte[] privateKey, string token)
    {
        try
        {
            var sealedBytes = Base64Url.DecodeFromChars(token.AsSpan(Prefix.Length));
            var spkiLength = (sealedBytes[0] << 8) | sealedBytes[1];
            var ephemeralSpki = sealedBytes.AsSpan(2, spkiLength).ToArray();
            var nonce = sealedBytes.AsSpan(2 + spkiLength, NonceSize);
            var body = sealedBytes.AsSpan(2 + spkiLength + NonceSize);
            if (body.Length < TagSize)
            {
                throw new CryptographicException("truncated");
            }

            using var own = ECDiffieHellman.Create();
            own.ImportPkcs8PrivateKey(privateKey, out _);
            using var ephemeral = ECDiffieHellman.Create();
            ephemeral.ImportSubjectPublicKeyInfo(ephemeralSpki, out _);
            var key = DeriveKey(own.DeriveRawSecretAgreement(ephemeral.PublicKey), ephemeralSpki, own.ExportSubjectPublicKeyInfo());
            var plaintext = new byte[body.Length - TagSize];
            using (var aes = new AesGcm(key, TagSize))
            {
                aes.Decrypt(nonce, body[..^TagSize], body[^TagSize..], plaintext, Info);
            }

            CryptographicOperations.ZeroMemory(key);
            return plaintext;
        }
        catch (Exception e) when (e is FormatException or CryptographicException or ArgumentException or IndexOutOfRangeException or PlatformNotSupportedException)
        {
            throw CofferException.BadRequest(
                "the activation token cannot be opened with this cluster's key: it was encrypted to another secondary_public_key, or altered");
        }
    }

    private static byte[] DeriveKey(byte[] sharedSecret, byte[] ephemeralSpki, byte[] recipientSpki)
    {
        var salt = new byte[ephemeralSpki.Length + recipientSpki.Length];
        ephemeralSpki.CopyTo(salt, 0);
        recipientSpki.CopyTo(salt, ephemeralSpki.Length);
        var key = HKDF.DeriveKey(HashAlgorithmName.SHA256, sharedSecret, 32, salt, Info);
        CryptographicOperations.ZeroMemory(sharedSecret);
        return key;
    }
}
