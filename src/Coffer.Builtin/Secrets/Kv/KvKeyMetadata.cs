using System.Text.Json.Serialization;

namespace Coffer.Builtin.Secrets.Kv;

/// <summary>
/// Everything about one key of a KV v2 mount except its versions' data: the version window, the per-version
/// states and the key's own settings. Stored at <see cref="KvStorageLayout.Metadata"/>.
/// </summary>
/// <remarks>
/// Every write of the key rewrites this record, so it is stored compactly (format 3): times as tick counts
/// (<see cref="KvStoredTimeConverter"/>), the versions as one run of short arrays with times relative to the newest
/// (<see cref="KvVersionRun"/>) and settings left out while they hold their defaults. Format 2 records (versions keyed
/// by number, absolute ticks) and format 1 records (ISO-8601 strings, one object per version, every field written)
/// still read, and are written back in format 3.
/// </remarks>
internal sealed class KvKeyMetadata : IJsonOnSerializing, IJsonOnDeserialized
{
    public const int CurrentFormat = 3;

    public int Format { get; set; } = CurrentFormat;

    public string Key { get; set; } = string.Empty;

    /// <summary>The highest version ever written; 0 before the first write.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public long CurrentVersion { get; set; }

    /// <summary>
    /// The lower edge of the kept window, as Vault reports it: it stays 0 until <c>max_versions</c> first
    /// trims the window, then it is the oldest version still listed.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public long OldestVersion { get; set; }

    /// <summary>The key's own limit; 0 defers to the mount.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public long MaxVersions { get; set; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool CasRequired { get; set; }

    /// <summary>The key's own <c>delete_version_after</c> in seconds; 0 defers to the mount.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public long DeleteVersionAfterSeconds { get; set; }

    /// <summary>Null when never set or set to an empty map (both read back as <c>null</c>, as in Vault).</summary>
    public Dictionary<string, string>? CustomMetadata { get; set; }

    [JsonConverter(typeof(KvStoredTimeConverter))]
    public DateTimeOffset? CreatedTime { get; set; }

    [JsonConverter(typeof(KvStoredTimeConverter))]
    public DateTimeOffset? UpdatedTime { get; set; }

    [JsonConverter(typeof(KvVersionsConverter))]
    public Dictionary<long, KvVersionMetadata> Versions { get; set; } = [];

    public static KvKeyMetadata New(string key) => new() { Key = key };

    /// <summary>Whatever format the record was read in, this build writes its own.</summary>
    void IJsonOnSerializing.OnSerializing() => Format = CurrentFormat;

    /// <summary>A record from a newer build may mean something this one cannot see: refuse it rather than guess.</summary>
    void IJsonOnDeserialized.OnDeserialized() => KvStoredFormat.EnsureReadable(Format, CurrentFormat, "key metadata");

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
