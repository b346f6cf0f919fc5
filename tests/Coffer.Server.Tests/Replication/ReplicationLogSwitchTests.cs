using Coffer.Replication;
using Coffer.Sdk.Physical;
using Coffer.Server.Replication;

namespace Coffer.Server.Tests.Replication;

public sealed class ReplicationLogSwitchTests
{
    private readonly InMemoryBackend _raw = new();

    [Fact]
    public async Task Writes_NotRecording_LeaveNoLog()
    {
        var backend = new ReplicationLogSwitch(_raw, TimeProvider.System);

        await backend.PutAsync(new PhysicalEntry("logical/a", [1]));
        await backend.CommitAsync([PhysicalOperation.Put("logical/b", [2]), PhysicalOperation.Delete("logical/a")]);

        Assert.Null(backend.Recording);
        Assert.Empty(await _raw.ListAsync("replication/"));
        Assert.NotNull(await _raw.GetAsync("logical/b"));
    }

    [Fact]
    public async Task Writes_Recording_AreLoggedUntilRecordingStops()
    {
        var backend = new ReplicationLogSwitch(_raw, TimeProvider.System);
        await backend.StartRecordingAsync(newLog: true, CancellationToken.None);

        await backend.PutAsync(new PhysicalEntry("logical/a", [1]));
        await backend.DeleteAsync("logical/a");
        Assert.Equal(2, backend.Recording!.Log.LastIndex);

        await backend.StopRecordingAsync(CancellationToken.None);
        await backend.PutAsync(new PhysicalEntry("logical/c", [3]));
        Assert.Equal(2, (await _raw.ListAsync(ReplicationKeys.LogEntryPrefix)).Count);
    }

    [Fact]
    public async Task StartRecording_NewLog_ForgetsTheOldLogButResumeKeepsIt()
    {
        var backend = new ReplicationLogSwitch(_raw, TimeProvider.System);
        await backend.StartRecordingAsync(newLog: true, CancellationToken.None);
        await backend.PutAsync(new PhysicalEntry("logical/a", [1]));
        var first = backend.Recording!.Log.LogId;

        // A restart of a primary resumes the same log.
        var restarted = new ReplicationLogSwitch(_raw, TimeProvider.System);
        await restarted.StartRecordingAsync(newLog: false, CancellationToken.None);
        Assert.Equal(first, restarted.Recording!.Log.LogId);
        Assert.Equal(1, restarted.Recording.Log.LastIndex);

        // A new primary (after writes that went unlogged) starts a log with no history.
        await restarted.StopRecordingAsync(CancellationToken.None);
        await restarted.PutAsync(new PhysicalEntry("logical/unlogged", [2]));
        await restarted.StartRecordingAsync(newLog: true, CancellationToken.None);
        Assert.NotEqual(first, restarted.Recording!.Log.LogId);
        Assert.Equal(0, restarted.Recording.Log.LastIndex);
        Assert.Empty(await _raw.ListAsync(ReplicationKeys.LogEntryPrefix));
    }

    [Fact]
    public async Task StartRecording_WhileWritesRun_LosesNoneAndLogsAllThatStartAfter()
    {
        var backend = new ReplicationLogSwitch(_raw, TimeProvider.System);
        using var stop = new CancellationTokenSource();
        var switched = false;
        var startedAfterSwitch = new System.Collections.Concurrent.ConcurrentBag<string>();
        var written = 0;
        var writers = Enumerable.Range(0, 4).Select(w => Task.Run(async () =>
        {
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                var key = $"logical/{w}/{i}";
                if (Volatile.Read(ref switched))
                {
                    startedAfterSwitch.Add(key);
                }

                await backend.PutAsync(new PhysicalEntry(key, [1]));
                Interlocked.Increment(ref written);
            }
        })).ToArray();

        await Task.Delay(50);
        await backend.StartRecordingAsync(newLog: true, CancellationToken.None);
        Volatile.Write(ref switched, true);
        await Task.Delay(50);
        await stop.CancelAsync();
        await Task.WhenAll(writers);

        var stored = 0;
        for (var w = 0; w < 4; w++)
        {
            stored += (await _raw.ListAsync($"logical/{w}/")).Count;
        }

        Assert.Equal(written, stored);
        var logged = (await backend.Recording!.Log.ReadFromAsync(1, int.MaxValue))
            .SelectMany(e => e.Operations).Select(o => o.Key).ToHashSet(StringComparer.Ordinal);
        Assert.NotEmpty(startedAfterSwitch);
        Assert.All(startedAfterSwitch, key => Assert.Contains(key, logged));
    }
}
