using System.Text.Json.Serialization;
using Coffer.Core.Routing;
using Coffer.Core.Seal;
using Coffer.Core.Tokens;

namespace Coffer.Core.Json;

/// <summary>Source-generated JSON for everything Core persists; stored formats use snake_case names.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(TokenEntry))]
[JsonSerializable(typeof(AccessorIndexEntry))]
[JsonSerializable(typeof(TokenRole))]
[JsonSerializable(typeof(List<Coffer.Core.Audit.AuditDeviceEntry>))]
[JsonSerializable(typeof(List<MountEntry>))]
[JsonSerializable(typeof(SealConfig))]
[JsonSerializable(typeof(ClusterInfo))]
[JsonSerializable(typeof(Coffer.Core.Ha.ActiveNodeAdvertisement))]
[JsonSerializable(typeof(Coffer.Core.Ha.AutopilotSettings))]
[JsonSerializable(typeof(Coffer.Core.Ha.FollowerHeartbeat))]
internal sealed partial class CoreJsonContext : JsonSerializerContext
{
}
