using System.Text.Json.Nodes;

namespace Coffer.Core;

/// <summary>What a secrets-engine factory is told about the mount it serves.</summary>
public sealed record MountContext(string Path, string Type, JsonObject Options, TimeProvider Time);
