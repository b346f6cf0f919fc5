namespace Coffer.Server.Storage;

/// <summary>Points inside a file-backend commit where tests simulate a crash (see <c>FileBackend.CommitHook</c>).</summary>
internal enum FileCommitStage
{
    /// <summary>The journal is durable; no key file has changed yet.</summary>
    JournalWritten,

    /// <summary>The first operation is applied; the rest are not.</summary>
    FirstOperationApplied,

    /// <summary>Every operation is applied and flushed; the journal still exists.</summary>
    OperationsApplied,
}
