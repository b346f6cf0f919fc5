namespace Coffer.Bench.DrBench;

/// <summary>
/// One copy of the primary's data to the secondary, from the request that starts it until the secondary streams
/// again: <see cref="Keys"/> storage keys copied (the primary's count, every key it holds), in <see cref="Seconds"/>.
/// <see cref="CopySeconds"/> is the part between the first copied key and the last, as the progress fields show it;
/// <see cref="BeforeCopySeconds"/> what came before the first key (the primary listing its keys), and the rest of
/// <see cref="Seconds"/> what came after the last (stale-key deletion, catch-up, resuming the stream).
/// </summary>
internal sealed record ReindexResult(string Label, long Keys, double Seconds, double BeforeCopySeconds, double CopySeconds, bool Completed);
