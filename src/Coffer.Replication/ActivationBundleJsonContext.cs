using System.Text.Json.Serialization;

namespace Coffer.Replication;

[JsonSerializable(typeof(ActivationBundle))]
[JsonSourceGenerationOptions(RespectRequiredConstructorParameters = true)]
internal sealed partial class ActivationBundleJsonContext : JsonSerializerContext
{
}
