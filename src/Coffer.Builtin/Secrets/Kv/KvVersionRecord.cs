using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Coffer.Builtin.Secrets.Kv;

/// <summary>The data of one version of a key, stored at <see cref="KvStorageLayout.Version"/>.</summary>
/// <remarks>Format 2 stores the time as ticks (<see cref="KvStoredTimeConverter"/>); format 1's ISO-8601 string still reads.</remarks>
internal sealed class KvVersionRecord : IJsonOnDeserialized
{
    public const int CurrentFormat = 2;

    public int Format { get; set; } = CurrentFormat;

    [JsonConverter(typeof(KvStoredTimeConverter))]
    public DateTimeOffset CreatedTime { get; set; }

    /// <summary>Stored with its keys sorted (see <see cref="CanonicalJson"/>), however the request listed them.</summary>
    [JsonConverter(typeof(CanonicalJsonObjectConverter))]
    public JsonObject Data { get; set; } = new();

    /// <summary>A record from a newer build may mean something this one cannot see: refuse it rather than guess.</summary>
    void IJsonOnDeserialized.OnDeserialized() => KvStoredFormat.EnsureReadable(Format, CurrentFormat, "version data");
}
