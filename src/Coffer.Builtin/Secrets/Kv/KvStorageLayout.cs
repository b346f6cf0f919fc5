using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Coffer.Builtin.Secrets.Kv;

/// <summary>
/// Where a KV v2 mount keeps its state inside the mount's own storage view. Everything lives under one
/// prefix so that the keys a version 1 mount wrote at the root stay apart, should a mount be upgraded:
/// <list type="bullet">
/// <item><c>versioned/config</c>: the mount-wide <see cref="KvConfig"/>.</item>
/// <item><c>versioned/metadata/&lt;key&gt;</c>: one <see cref="KvKeyMetadata"/> per secret, under the secret's own
/// path so that listing a folder is a storage listing.</item>
/// <item><c>versioned/versions/&lt;sha256(key)&gt;/&lt;n&gt;</c>: the data of version n (<see cref="KvVersionRecord"/>).
/// The key is hashed so that the versions of <c>a</c> and of <c>a/1</c> can never share a prefix.</item>
/// </list>
/// Version data exists exactly for the versions the metadata lists and has not destroyed: every change to both
/// is committed in one storage transaction.
/// </summary>
internal static class KvStorageLayout
{
    public const string Root = "versioned/";

    public const string Config = Root + "config";

    public const string MetadataPrefix = Root + "metadata/";

    public const string VersionsPrefix = Root + "versions/";

    // Keys up to this many UTF-8 bytes are hashed from the stack.
    private const int StackKeyLimit = 512;

    public static string Metadata(string key) => MetadataPrefix + key;

    public static string Version(string key, long version) => VersionIn(VersionsOf(key), version);

    /// <summary>
    /// The folder of a key's versions (with its trailing slash). Hashing the key is the costly part of a version's
    /// path, so a request that names several versions of one key computes this once.
    /// </summary>
    public static string VersionsOf(string key)
    {
        var byteCount = Encoding.UTF8.GetByteCount(key);
        var utf8 = byteCount <= StackKeyLimit ? stackalloc byte[byteCount] : new byte[byteCount];
        Encoding.UTF8.GetBytes(key, utf8);
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(utf8, hash);
        Span<char> hex = stackalloc char[SHA256.HashSizeInBytes * 2];
        Convert.TryToHexStringLower(hash, hex, out _);
        return string.Concat(VersionsPrefix, hex, "/");
    }

    /// <summary>The path of one version inside the folder <see cref="VersionsOf"/> returned.</summary>
    public static string VersionIn(string versionsFolder, long version) =>
        string.Create(CultureInfo.InvariantCulture, $"{versionsFolder}{version}");
}
