// Leader-kill driver for bench/raft-vs-etcd.sh: writes continuously to every node of a three-node cluster (Coffer
// KV v2 writes, or etcd /v3/kv/put through its JSON gateway) and, on command, kills a process with SIGKILL and
// measures how long writes stop succeeding.
//
// Arguments: --kind coffer|etcd  --url http://127.0.0.1:PORT (once per node)  [--workers N] (per node, default 4)
// Environment: BENCH_TOKEN, the token Coffer writes carry (kept off the command line).
// Commands on stdin, one per line; each answer is one line on stdout:
//   ready          -> "READY" once a write succeeded (within 30 s), else "NOT-READY <what failed>"
//   kill PID       -> "GAP <gap ms> <kill-to-success ms> <failed writes> <failure kinds>", or "GAP-TIMEOUT ..."
//   quit (or EOF)  -> stops the writers and exits
// The gap runs from the end of the last write that succeeded before the kill to the end of the first write that
// was *sent* after the kill and succeeded. Counting only writes sent after the kill keeps an answer already on its
// way from the dead leader from passing for recovery.
using System.Diagnostics;
using System.Text;

var kind = "";
var urls = new List<string>();
var workersPerNode = 4;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--kind" when i + 1 < args.Length && args[i + 1] is "coffer" or "etcd":
            kind = args[++i];
            break;
        case "--url" when i + 1 < args.Length && Uri.TryCreate(args[i + 1], UriKind.Absolute, out _):
            urls.Add(args[++i].TrimEnd('/'));
            break;
        case "--workers" when i + 1 < args.Length && int.TryParse(args[i + 1], out var parsed) && parsed is > 0 and <= 64:
            workersPerNode = parsed;
            i++;
            break;
        default:
            Console.Error.WriteLine($"failover-gap: unknown or invalid argument '{args[i]}'");
            return 2;
    }
}

if (kind.Length == 0 || urls.Count == 0)
{
    Console.Error.WriteLine("failover-gap: --kind coffer|etcd and at least one --url are required");
    return 2;
}

var token = Environment.GetEnvironmentVariable("BENCH_TOKEN") ?? "";
var requestTimeout = TimeSpan.FromSeconds(3);
var recoveryTimeout = TimeSpan.FromSeconds(20);
using var http = new HttpClient(new SocketsHttpHandler
{
    AllowAutoRedirect = false,
    ConnectTimeout = TimeSpan.FromSeconds(1),
    MaxConnectionsPerServer = 256,
})
{
    Timeout = Timeout.InfiniteTimeSpan,
};

var state = new WriteHistory();
using var stop = new CancellationTokenSource();
var workers = new List<Task>();
var workerId = 0;
foreach (var url in urls)
{
    for (var w = 0; w < workersPerNode; w++)
    {
        var id = workerId++;
        workers.Add(Task.Run(() => WriteLoopAsync(url, id, stop.Token)));
    }
}

string? line;
while ((line = Console.ReadLine()) is not null)
{
    var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
    if (parts.Length == 0)
    {
        continue;
    }

    if (parts[0] == "quit")
    {
        break;
    }

    if (parts[0] == "ready")
    {
        Console.WriteLine(await WaitForRecentSuccessAsync(TimeSpan.FromSeconds(30)) ? "READY" : "NOT-READY " + state.DescribeFailures());
        continue;
    }

    if (parts[0] == "kill" && parts.Length == 2 && int.TryParse(parts[1], out var pid))
    {
        Console.WriteLine(await KillAndMeasureAsync(pid));
        continue;
    }

    Console.WriteLine($"ERROR unknown command '{line}'");
}

await stop.CancelAsync();
await Task.WhenAll(workers);
return 0;

async Task<bool> WaitForRecentSuccessAsync(TimeSpan patience)
{
    var deadline = Stopwatch.GetTimestamp() + (long)(patience.TotalSeconds * Stopwatch.Frequency);
    while (Stopwatch.GetTimestamp() < deadline)
    {
        if (Stopwatch.GetElapsedTime(state.LastSuccessEnd) < TimeSpan.FromMilliseconds(200) && state.LastSuccessEnd != 0)
        {
            return true;
        }

        await Task.Delay(20);
    }

    return false;
}

async Task<string> KillAndMeasureAsync(int pid)
{
    if (!await WaitForRecentSuccessAsync(TimeSpan.FromSeconds(15)))
    {
        return "GAP-TIMEOUT writes were not succeeding before the kill: " + state.DescribeFailures();
    }

    Process victim;
    try
    {
        victim = Process.GetProcessById(pid);
    }
    catch (ArgumentException)
    {
        return $"GAP-TIMEOUT no process {pid}";
    }

    var killedAt = state.MarkKill();
    victim.Kill();
    var deadline = killedAt + (long)(recoveryTimeout.TotalSeconds * Stopwatch.Frequency);
    while (Stopwatch.GetTimestamp() < deadline && state.FirstSuccessAfterKill == 0)
    {
        await Task.Delay(5);
    }

    var first = state.FirstSuccessAfterKill;
    var lastBefore = state.LastSuccessBeforeKill;
    state.EndMeasurement();
    if (first == 0)
    {
        return $"GAP-TIMEOUT no write succeeded within {recoveryTimeout.TotalSeconds:F0} s of the kill; failures: {state.DescribeFailures()}";
    }

    var gap = Stopwatch.GetElapsedTime(lastBefore, first).TotalMilliseconds;
    var sinceKill = Stopwatch.GetElapsedTime(killedAt, first).TotalMilliseconds;
    return $"GAP {gap:F0} {sinceKill:F0} {state.FailuresSinceKill} {state.DescribeFailures()}";
}

async Task WriteLoopAsync(string url, int id, CancellationToken cancellationToken)
{
    long sequence = 0;
    while (!cancellationToken.IsCancellationRequested)
    {
        var started = Stopwatch.GetTimestamp();
        string? failure = null;
        try
        {
            using var request = BuildWrite(url, id, sequence++ % 1000);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(requestTimeout);
            using var response = await http.SendAsync(request, timeout.Token);
            await response.Content.ReadAsByteArrayAsync(timeout.Token);
            if ((int)response.StatusCode is < 200 or > 299)
            {
                failure = "http-" + (int)response.StatusCode;
            }
        }
        catch (HttpRequestException e)
        {
            failure = e.HttpRequestError.ToString();
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            failure = "timeout";
        }
        catch (OperationCanceledException)
        {
            return;
        }

        state.Record(started, Stopwatch.GetTimestamp(), failure);
        if (failure is not null)
        {
            // Pace retries a little so that a dead node's instant "connection refused" does not spin a core.
            try
            {
                await Task.Delay(20, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}

HttpRequestMessage BuildWrite(string url, int id, long n)
{
    var key = $"failover-{id}-{n}";
    if (kind == "coffer")
    {
        var coffer = new HttpRequestMessage(HttpMethod.Post, $"{url}/v1/secret/data/{key}")
        {
            Content = new StringContent("""{"data":{"user":"alice"}}""", Encoding.UTF8, "application/json"),
        };
        coffer.Headers.Add("X-Vault-Token", token);
        return coffer;
    }

    var body = $$"""{"key":"{{Convert.ToBase64String(Encoding.UTF8.GetBytes(key))}}","value":"{{Convert.ToBase64String("""{"user":"alice"}"""u8)}}"}""";
    return new HttpRequestMessage(HttpMethod.Post, $"{url}/v3/kv/put") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
}

/// <summary>
/// What the writers saw: the end of the latest success and, around one kill, the last success that ended before it
/// and the first success sent after it.
/// </summary>
internal sealed class WriteHistory
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, int> _failureKinds = new(StringComparer.Ordinal);
    private long _lastSuccessEnd;
    private long _killedAt = long.MaxValue;
    private long _lastEndBeforeKill;
    private long _firstSuccessAfterKill;
    private int _failuresSinceKill;

    public long LastSuccessEnd
    {
        get
        {
            lock (_gate)
            {
                return _lastSuccessEnd;
            }
        }
    }

    public long FirstSuccessAfterKill
    {
        get
        {
            lock (_gate)
            {
                return _firstSuccessAfterKill;
            }
        }
    }

    public long LastSuccessBeforeKill
    {
        get
        {
            lock (_gate)
            {
                return _lastEndBeforeKill;
            }
        }
    }

    public int FailuresSinceKill
    {
        get
        {
            lock (_gate)
            {
                return _failuresSinceKill;
            }
        }
    }

    public long MarkKill()
    {
        lock (_gate)
        {
            _killedAt = Stopwatch.GetTimestamp();
            _lastEndBeforeKill = _lastSuccessEnd;
            _firstSuccessAfterKill = 0;
            _failuresSinceKill = 0;
            _failureKinds.Clear();
            return _killedAt;
        }
    }

    /// <summary>Ends one measurement; the failure kinds stay readable until the next kill.</summary>
    public void EndMeasurement()
    {
        lock (_gate)
        {
            _killedAt = long.MaxValue;
        }
    }

    public void Record(long started, long ended, string? failure)
    {
        lock (_gate)
        {
            var measuring = started >= _killedAt && _firstSuccessAfterKill == 0;
            if (failure is not null)
            {
                if (measuring || _killedAt == long.MaxValue)
                {
                    _failuresSinceKill += measuring ? 1 : 0;
                    _failureKinds[failure] = _failureKinds.GetValueOrDefault(failure) + 1;
                }

                return;
            }

            _lastSuccessEnd = Math.Max(_lastSuccessEnd, ended);
            if (ended <= _killedAt)
            {
                // A success that ended just before the kill but was recorded just after it.
                _lastEndBeforeKill = Math.Max(_lastEndBeforeKill, ended);
            }

            if (measuring)
            {
                _firstSuccessAfterKill = ended;
            }
        }
    }

    public string DescribeFailures()
    {
        lock (_gate)
        {
            return _failureKinds.Count == 0 ? "none" : string.Join(",", _failureKinds.OrderByDescending(p => p.Value).Select(p => $"{p.Key}x{p.Value}"));
        }
    }
}
