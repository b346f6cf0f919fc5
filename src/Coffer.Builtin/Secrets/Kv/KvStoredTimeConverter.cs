using System.Text.Json;
using System.Text.Json.Serialization;

namespace Coffer.Builtin.Secrets.Kv;

/// <summary>
/// A stored KV time as a JSON number of 100-nanosecond ticks since the Unix epoch (UTC): 17 digits where the
/// serializer's ISO-8601 text takes 35 characters. Every KV v2 write rewrites its key's metadata with up to ten such
/// times, so their length is most of what a write adds to the Raft log, snapshots and the DR stream. Records written
/// before (format 1) hold ISO-8601 strings, and those still read. Ticks keep .NET's whole precision; the offset is
/// not kept, and nothing shows it: every time is printed in UTC (<see cref="KvTime.Format"/>).
/// </summary>
internal sealed class KvStoredTimeConverter : JsonConverter<DateTimeOffset>
{
    private static readonly long MinTicks = DateTimeOffset.MinValue.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;
    private static readonly long MaxTicks = DateTimeOffset.MaxValue.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;

    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType switch
        {
            JsonTokenType.Number => FromTicks(ref reader),
            JsonTokenType.String => reader.GetDateTimeOffset(),
            _ => throw new JsonException("a stored time must be a number of ticks or an ISO-8601 string"),
        };

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteNumberValue(ToTicks(value));

    /// <summary>The number this converter writes for <paramref name="value"/>.</summary>
    public static long ToTicks(DateTimeOffset value) => value.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;

    /// <summary>Reads the number at the reader's position as this converter writes it.</summary>
    public static DateTimeOffset FromTicks(ref Utf8JsonReader reader) =>
        reader.TryGetInt64(out var ticks) ? FromTicks(ticks) : throw OutOfRange();

    /// <summary>The time <paramref name="ticks"/> after the epoch; a number outside the calendar is a damaged record.</summary>
    public static DateTimeOffset FromTicks(Int128 ticks) => InRange(ticks) ? DateTimeOffset.UnixEpoch.AddTicks((long)ticks) : throw OutOfRange();

    public static bool InRange(Int128 ticks) => ticks >= MinTicks && ticks <= MaxTicks;

    private static JsonException OutOfRange() => new("a stored time must be a whole number of ticks within the calendar's range");
}
