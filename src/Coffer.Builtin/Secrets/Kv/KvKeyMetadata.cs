using System.Text.Json.Serialization;

namespace Coffer.Builtin.Secrets.Kv;

/// <summary>
/// Everything about one key of a KV v2 mount except its versions' data: the version window, the per-version
/// states and the key's own settings. Stored at <see cref="KvStorageLayout.Metadata"/>.
/// </summary>
internal sealed class KvKeyMetadata
{
    public const int CurrentFormat = 1;

    public int Format { get; set; } = CurrentFormat;

    public string Key { get; set; } = string.Empty;

    /// <summary>The highest version ever written; 0 before the first write.</summary>
    public long CurrentVersion { get; set; }

    /// <summary>
    /// The lower edge of the kept window, as Vault reports it: it stays 0 until <c>max_versions</c> first
    /// trims the window, then it is the oldest version still listed.
    /// </summary>
    public long OldestVersion { get; set; }

    /// <summary>The key's own limit; 0 defers to the mount.</summary>
    public long MaxVersions { get; set; }

    public bool CasRequired { get; set; }

    /// <summary>The key's own <c>delete_version_after</c> in seconds; 0 defers to the mount.</summary>
    public long DeleteVersionAfterSeconds { get; set; }

    /// <summary>Null when never set or set to an empty map (both read back as <c>null</c>, as in Vault).</summary>
    public Dictionary<string, string>? CustomMetadata { get; set; }

    public DateTimeOffset? CreatedTime { get; set; }

    public DateTimeOffset? UpdatedTime { get; set; }

    [JsonConverter(typeof(KvVersionsConverter))]
    public Dictionary<long, KvVersionMetadata> Versions { get; set; } = [];

    public static KvKeyMetadata New(string key) => new() { Key = key };

    public KvVersionMetadata? Version(long version) => Versions.GetValueOrDefault(version);

    /// <summary>
    /// The number of versions kept: the key's own setting wins, then the mount's, then Vault's default of 10
    /// (the documented precedence).
    /// </summary>
    public long EffectiveMaxVersions(long mountMaxVersions) =>
        MaxVersions > 0 ? MaxVersions : mountMaxVersions > 0 ? mountMaxVersions : KvConfig.DefaultMaxVersions;

    /// <summary>
    /// Records version <c>CurrentVersion + 1</c> and slides the window so that at most the effective
    /// <c>max_versions</c> remain; returns the versions that fell out, whose data must be deleted with this change.
    /// </summary>
    public IReadOnlyList<long> AddVersion(KvVersionMetadata version, long mountMaxVersions)
    {
        CurrentVersion++;
        Versions[CurrentVersion] = version;
        UpdatedTime = version.CreatedTime;
        CreatedTime ??= version.CreatedTime;

        var keep = EffectiveMaxVersions(mountMaxVersions);
        if (CurrentVersion - OldestVersion < keep)
        {
            return [];
        }

        // A loop rather than one removal: max_versions may have been lowered since the last write.
        var lastDropped = CurrentVersion - keep;
        var dropped = new List<long>();
        for (var old = OldestVersion; old <= lastDropped; old++)
        {
            if (Versions.Remove(old))
            {
                dropped.Add(old);
            }
        }

        OldestVersion = lastDropped + 1;
        return dropped;
    }
}
