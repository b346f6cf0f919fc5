using System.Text.Json.Nodes;

namespace Coffer.Api.Sys;

/// <summary>Answer of <c>PUT sys/init</c>: the unseal (or recovery) key shares and the initial root token.</summary>
public sealed class InitResponse
{
    public IReadOnlyList<string> Keys { get; init; } = [];
    public IReadOnlyList<string> KeysBase64 { get; init; } = [];
    public IReadOnlyList<string> RecoveryKeys { get; init; } = [];
    public IReadOnlyList<string> RecoveryKeysBase64 { get; init; } = [];
    public string RootToken { get; init; } = "";

    public static InitResponse Parse(JsonObject obj) => new()
    {
        Keys = JsonFields.GetStringList(obj, "keys") ?? [],
        KeysBase64 = JsonFields.GetStringList(obj, "keys_base64") ?? [],
        RecoveryKeys = JsonFields.GetStringList(obj, "recovery_keys") ?? [],
        RecoveryKeysBase64 = JsonFields.GetStringList(obj, "recovery_keys_base64") ?? [],
        RootToken = JsonFields.GetString(obj, "root_token"),
    };
}
