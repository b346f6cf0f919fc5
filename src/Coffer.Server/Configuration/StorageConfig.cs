using System.Globalization;
using Coffer.Sdk.Helpers;

namespace Coffer.Server.Configuration;

/// <summary>
/// The <c>storage "type" { … }</c> block (or the legacy <c>backend</c>): its type, every scalar option as
/// written, and the typed view of the types Coffer runs on.
/// </summary>
public sealed record StorageConfig
{
    public required string Type { get; init; }

    /// <summary>Scalar options as written: <see cref="string"/>, <see cref="long"/>, <see cref="double"/> or <see cref="bool"/>.</summary>
    public IReadOnlyDictionary<string, object> Options { get; init; } = new Dictionary<string, object>();

    /// <summary>Set when <see cref="Type"/> is <c>raft</c>.</summary>
    public RaftStorageConfig? Raft { get; init; }

    /// <summary>Set when <see cref="Type"/> is <c>file</c>.</summary>
    public FileStorageConfig? File { get; init; }

    public string? GetString(string key) =>
        Options.TryGetValue(key, out var value) ? Convert.ToString(value, CultureInfo.InvariantCulture) : null;

    /// <exception cref="FormatException">The option is present but not a whole number.</exception>
    public long? GetInt64(string key) => Options.TryGetValue(key, out var value)
        ? value switch
        {
            long number => number,
            string text when long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed) => parsed,
            _ => throw new FormatException($"storage option {key} must be a whole number"),
        }
        : null;

    /// <exception cref="FormatException">The option is present but not a boolean.</exception>
    public bool? GetBool(string key) => Options.TryGetValue(key, out var value)
        ? ConfigValues.TryReadBool(value, out var flag) ? flag : throw new FormatException($"storage option {key} must be true or false")
        : null;

    /// <exception cref="FormatException">The option is present but not a duration.</exception>
    public TimeSpan? GetDuration(string key) => Options.TryGetValue(key, out var value)
        ? value switch
        {
            long seconds => TimeSpan.FromSeconds(seconds),
            string text when GoDuration.TryParse(text, out var duration) => duration,
            _ => throw new FormatException($"storage option {key} must be a duration such as \"30s\" or a number of seconds"),
        }
        : null;
}
