namespace Coffer.Builtin.Secrets.Kv;

/// <summary>The state of one version of a key, kept in the key's <see cref="KvKeyMetadata"/>.</summary>
internal sealed class KvVersionMetadata
{
    public DateTimeOffset CreatedTime { get; set; }

    /// <summary>
    /// When the version was (or will be) soft-deleted. A time in the future comes from
    /// <c>delete_version_after</c>: the version stays readable until then.
    /// </summary>
    public DateTimeOffset? DeletionTime { get; set; }

    /// <summary>True once the version's data was removed for good.</summary>
    public bool Destroyed { get; set; }

    /// <summary>
    /// Deleted once the deletion time is reached. Vault compares strictly ("before now"); including the instant
    /// itself makes a soft delete visible to a read in the same clock tick.
    /// </summary>
    public bool IsDeletedAt(DateTimeOffset now) => DeletionTime is { } deletion && deletion <= now;

    /// <summary>Readable: neither destroyed nor past its deletion time.</summary>
    public bool IsLiveAt(DateTimeOffset now) => !Destroyed && !IsDeletedAt(now);
}
