namespace Coffer.Testing.Processes;

/// <summary>
/// A server process answered, but not as the test needed (a status outside 2xx, still sealed after every key share).
/// While a test waits for a server to start, elect or unseal, this means "not yet"; <see cref="Eventually"/> retries on
/// it and on nothing else of its kind. An <see cref="InvalidOperationException"/>, so callers that catch that still do.
/// </summary>
public sealed class ServerRefusedException(string message) : InvalidOperationException(message);
