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

    public static string Metadata(string key) => MetadataPrefix + key;

    public static string Version(string key, long version) =>
        VersionsPrefix + KeyHash(key) + "/" + version.ToString(CultureInfo.InvariantCulture);

    private static string KeyHash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
}
