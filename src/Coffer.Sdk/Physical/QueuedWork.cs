namespace Coffer.Sdk.Physical;

/// <summary>
/// The pause a group commit takes before cutting its next group while writers wait: the work items already queued on
/// the thread pool run first. Under load those are mostly requests a few steps short of their own write; a write that
/// misses a group by microseconds waits a whole storage round for the next one, and every extra round costs each node
/// a flush. On an idle node nothing is queued and the pause returns at once.
/// </summary>
public static class QueuedWork
{
    /// <summary>
    /// Each pass lets everything queued before it run once. A few passes let a request reach its write; the bound keeps
    /// a node whose pool never empties from holding a group back for long.
    /// </summary>
    public const int MaxPasses = 8;

    /// <summary>Yields to the work queued on the thread pool, up to <see cref="MaxPasses"/> times, while any is queued.</summary>
    public static async ValueTask LetRunAsync()
    {
        for (var pass = 0; pass < MaxPasses && ThreadPool.PendingWorkItemCount > 0; pass++)
        {
            await Task.Yield();
        }
    }
}
