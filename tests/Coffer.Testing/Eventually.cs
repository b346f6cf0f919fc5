using System.Diagnostics;
using System.Globalization;
using System.Text;
using Xunit;

namespace Coffer.Testing;

/// <summary>
/// Polls until something holds, for tests that wait on work done in the background: an election, a replication
/// stream, a server process starting or unsealing.
/// </summary>
/// <remarks>
/// <para>A timeout fails the test (<c>Assert.Fail</c>) with a message naming what was awaited, the patience, the last
/// value seen or the last tolerated exception, and the caller's lazily built <c>state</c> if given (built only on
/// failure, so it shows the state at the timeout). The wait ends early when the test is cancelled: the token given,
/// or the running test's token when none is.</para>
/// <para>Synchronous predicates read state in this process: they are polled every 20 ms, and any exception they throw
/// ends the wait at once, as a bug would.</para>
/// <para>Asynchronous predicates and probes talk to a server over HTTP: they are polled every 200 ms, and while
/// polling three exceptions mean "not yet", the ones a server that is starting, electing or still sealed produces:
/// <see cref="HttpRequestException"/> (a refused connection), <see cref="TaskCanceledException"/> not caused by the
/// test's token (the HTTP client's timeout), and <see cref="Processes.ServerRefusedException"/> (a refused answer, as
/// <c>ClusterNodeProcess.RequireAsync</c> and <c>UnsealAsync</c> report it). Everything else, xUnit assertion failures
/// and a test's own mistakes (a JSON field of the wrong kind, say) first of all, ends the wait at once. A probe's
/// <c>done</c> predicate runs outside that tolerance.</para>
/// </remarks>
public static class Eventually
{
    private static readonly TimeSpan InProcessInterval = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan RemoteInterval = TimeSpan.FromMilliseconds(200);

    /// <summary>Waits until <paramref name="condition"/>, a read of in-process state, holds.</summary>
    public static Task TrueAsync(Func<bool> condition, TimeSpan patience, string what, CancellationToken cancellationToken = default,
        TimeSpan? interval = null, Func<string>? state = null) =>
        PollAsync(() => Task.FromResult(condition()), held => held, new Wait(patience, what, state, TolerateTransient: false, ShowValue: false),
            interval ?? InProcessInterval, cancellationToken);

    /// <summary>Waits until <paramref name="condition"/>, a question put to a server, answers true.</summary>
    public static Task TrueAsync(Func<Task<bool>> condition, TimeSpan patience, string what, CancellationToken cancellationToken = default,
        TimeSpan? interval = null, Func<string>? state = null) =>
        PollAsync(condition, held => held, new Wait(patience, what, state, TolerateTransient: true, ShowValue: false),
            interval ?? RemoteInterval, cancellationToken);

    /// <summary>Probes a server until <paramref name="done"/> accepts the answer, and returns that answer.</summary>
    public static Task<T> ValueAsync<T>(Func<Task<T>> probe, Func<T, bool> done, TimeSpan patience, string what,
        CancellationToken cancellationToken = default, TimeSpan? interval = null) =>
        PollAsync(probe, done, new Wait(patience, what, State: null, TolerateTransient: true, ShowValue: true),
            interval ?? RemoteInterval, cancellationToken);

    private static async Task<T> PollAsync<T>(Func<Task<T>> probe, Func<T, bool> done, Wait wait, TimeSpan interval, CancellationToken cancellationToken)
    {
        var token = cancellationToken.CanBeCanceled ? cancellationToken : TestContext.Current.CancellationToken;
        var clock = Stopwatch.StartNew();
        var last = new Outcome<T>(false, default, null);
        while (true)
        {
            try
            {
                var value = await probe();
                if (done(value))
                {
                    return value;
                }

                last = new Outcome<T>(true, value, last.Tolerated);
            }
            catch (Exception e) when (wait.TolerateTransient && IsTransient(e, token))
            {
                last = last with { Tolerated = e };
            }

            token.ThrowIfCancellationRequested();
            if (clock.Elapsed >= wait.Patience)
            {
                Assert.Fail(wait.Describe(last));
            }

            await Task.Delay(interval, token);
        }
    }

    private static bool IsTransient(Exception e, CancellationToken token) =>
        e is HttpRequestException or Processes.ServerRefusedException || (e is TaskCanceledException && !token.IsCancellationRequested);

    /// <summary>What the last polls returned: a value (when one came back) and the last exception taken for "not yet".</summary>
    private sealed record Outcome<T>(bool Seen, T? Value, Exception? Tolerated);

    private sealed record Wait(TimeSpan Patience, string What, Func<string>? State, bool TolerateTransient, bool ShowValue)
    {
        public string Describe<T>(Outcome<T> last)
        {
            var message = new StringBuilder(string.Create(CultureInfo.InvariantCulture, $"Timed out after {Patience.TotalSeconds:0.#} s waiting for {What}"));
            if (ShowValue)
            {
                message.Append("\nlast value: ").Append(last.Seen ? last.Value?.ToString() ?? "null" : "none (every probe failed)");
            }

            if (last.Tolerated is { } e)
            {
                message.Append("\nlast tolerated exception: ").Append(e.GetType().Name).Append(": ").Append(e.Message);
            }

            if (State is not null)
            {
                message.Append("\nstate: ").Append(State());
            }

            return message.ToString();
        }
    }
}
