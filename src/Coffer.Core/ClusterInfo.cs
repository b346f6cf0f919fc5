namespace Coffer.Core;

/// <summary>The cluster's name and id, minted once at initialisation.</summary>
public sealed record ClusterInfo(string Name, string Id);
