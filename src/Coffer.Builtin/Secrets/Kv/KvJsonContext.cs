using System.Text.Json.Serialization;

namespace Coffer.Builtin.Secrets.Kv;

/// <summary>Source-generated serialisation of the KV engine's stored records.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(KvConfig))]
[JsonSerializable(typeof(KvKeyMetadata))]
[JsonSerializable(typeof(KvVersionRecord))]
[JsonSerializable(typeof(KvVersionMetadata))]
internal sealed partial class KvJsonContext : JsonSerializerContext;
