namespace Coffer.Api.Sys;

/// <summary>Which token a generate-root style ceremony produces; each has its own endpoints.</summary>
public enum GenerateRootKind
{
    /// <summary><c>sys/generate-root/*</c>.</summary>
    Root,

    /// <summary><c>sys/replication/dr/secondary/generate-operation-token/*</c>, run on a DR secondary.</summary>
    DrOperationToken,

    /// <summary><c>sys/generate-recovery-token/*</c>.</summary>
    Recovery,
}
