namespace Coffer.Core.Seal;

/// <summary>What a completed share-threshold token generation produces.</summary>
public enum RootGenerationPurpose
{
    /// <summary>A new root token (<c>sys/generate-root</c>).</summary>
    Root,

    /// <summary>A DR operation token (<c>sys/replication/dr/secondary/generate-operation-token</c>).</summary>
    DrOperationToken,
}
