using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Coffer.Builtin.Secrets.Kv;

/// <summary>The data of one version of a key, stored at <see cref="KvStorageLayout.Version"/>.</summary>
internal sealed class KvVersionRecord
{
    public const int CurrentFormat = 1;

    public int Format { get; set; } = CurrentFormat;

    public DateTimeOffset CreatedTime { get; set; }

    /// <summary>Stored with its keys sorted (see <see cref="CanonicalJson"/>), however the request listed them.</summary>
    [JsonConverter(typeof(CanonicalJsonObjectConverter))]
    public JsonObject Data { get; set; } = new();
}
