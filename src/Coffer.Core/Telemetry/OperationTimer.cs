namespace Coffer.Core.Telemetry;

/// <summary>
/// Records how long an operation took, whether it succeeded or failed. The caller takes the start timestamp before
/// starting the operation; an operation that completed synchronously costs no extra allocation.
/// </summary>
internal static class OperationTimer
{
    public static Task<T> Time<T>(LatencySummary summary, long start, Task<T> operation)
    {
        if (operation.IsCompleted)
        {
            summary.Record(start);
            return operation;
        }

        return AwaitAsync(summary, start, operation);

        static async Task<T> AwaitAsync(LatencySummary summary, long start, Task<T> operation)
        {
            try
            {
                return await operation.ConfigureAwait(false);
            }
            finally
            {
                summary.Record(start);
            }
        }
    }

    public static Task Time(LatencySummary summary, long start, Task operation)
    {
        if (operation.IsCompleted)
        {
            summary.Record(start);
            return operation;
        }

        return AwaitAsync(summary, start, operation);

        static async Task AwaitAsync(LatencySummary summary, long start, Task operation)
        {
            try
            {
                await operation.ConfigureAwait(false);
            }
            finally
            {
                summary.Record(start);
            }
        }
    }
}
