using System.Text.Json.Serialization;

namespace Coffer.Core.Replication;

[JsonSourceGenerationOptions(UseStringEnumConverter = true, DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(DrStateRecord))]
[JsonSerializable(typeof(DrOperationTokenRecord))]
internal sealed partial class DrJsonContext : JsonSerializerContext
{
}
