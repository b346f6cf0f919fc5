using System.Text.Json.Nodes;

namespace Coffer.Builtin.Secrets.Kv;

/// <summary>The data of one version of a key, stored at <see cref="KvStorageLayout.Version"/>.</summary>
internal sealed class KvVersionRecord
{
    public const int CurrentFormat = 1;

    public int Format { get; set; } = CurrentFormat;

    public DateTimeOffset CreatedTime { get; set; }

    public JsonObject Data { get; set; } = new();
}
