namespace Coffer.Testing.Processes;

/// <summary>Polls a condition until it holds or the patience runs out.</summary>
public static class Eventually
{
    public static async Task TrueAsync(Func<Task<bool>> condition, TimeSpan patience, string what, CancellationToken cancellationToken = default, TimeSpan? interval = null)
    {
        var deadline = DateTime.UtcNow + patience;
        Exception? last = null;
        while (true)
        {
            try
            {
                if (await condition())
                {
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or InvalidOperationException)
            {
                last = e;
            }

            cancellationToken.ThrowIfCancellationRequested();
            if (DateTime.UtcNow >= deadline)
            {
                throw new TimeoutException($"not reached within {patience}: {what}", last);
            }

            await Task.Delay(interval ?? TimeSpan.FromMilliseconds(200), cancellationToken);
        }
    }
}
