namespace Coffer.Bench.DrBench;

/// <summary>
/// One status poll: the value was read by the server somewhere between <see cref="Start"/> and <see cref="End"/>
/// (<see cref="System.Diagnostics.Stopwatch"/> timestamps); -1 when the poll failed.
/// </summary>
internal readonly record struct PollSample(long Start, long End, long Value);
