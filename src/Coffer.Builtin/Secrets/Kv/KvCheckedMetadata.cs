namespace Coffer.Builtin.Secrets.Kv;

/// <summary>
/// A key's metadata as the existence check of a write read it (null: the key has none), with the release count
/// of the key's lock stripe taken before that read, so the write handler can tell whether it is still current.
/// </summary>
internal sealed record KvCheckedMetadata(string Key, long Releases, KvKeyMetadata? Metadata);
