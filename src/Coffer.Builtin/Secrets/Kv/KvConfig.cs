namespace Coffer.Builtin.Secrets.Kv;

/// <summary>The mount-wide settings of a KV v2 mount (<c>config</c>), stored at <see cref="KvStorageLayout.Config"/>.</summary>
internal sealed class KvConfig
{
    public const int CurrentFormat = 1;

    /// <summary>Vault's value when neither the key nor the mount sets <c>max_versions</c>.</summary>
    public const long DefaultMaxVersions = 10;

    public int Format { get; set; } = CurrentFormat;

    /// <summary>Versions kept per key; 0 means the default of 10.</summary>
    public long MaxVersions { get; set; }

    public bool CasRequired { get; set; }

    /// <summary>0 when unset; a negative value (always -1) turns <c>delete_version_after</c> off for every key.</summary>
    public long DeleteVersionAfterSeconds { get; set; }

    public bool DeleteVersionAfterDisabled => DeleteVersionAfterSeconds < 0;

    /// <summary>A copy the caller may change without touching the original (the store's cached one).</summary>
    public KvConfig Copy() => (KvConfig)MemberwiseClone();

    /// <summary>
    /// When a version created (or undeleted) at <paramref name="from"/> is to be deleted: after the smaller of
    /// the mount's and the key's non-zero <c>delete_version_after</c>, or never when both are zero or the
    /// mount turned the setting off.
    /// </summary>
    public DateTimeOffset? DeletionTimeFor(DateTimeOffset from, KvKeyMetadata key)
    {
        if (DeleteVersionAfterDisabled)
        {
            return null;
        }

        var mount = DeleteVersionAfterSeconds;
        var own = key.DeleteVersionAfterSeconds;
        var seconds = (mount, own) switch
        {
            (0, 0) => 0,
            (0, _) => own,
            (_, 0) => mount,
            _ => Math.Min(mount, own),
        };
        return seconds == 0 ? null : from.AddSeconds(seconds);
    }
}
