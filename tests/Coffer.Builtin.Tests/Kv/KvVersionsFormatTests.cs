using System.Text.Json;
using System.Text.Json.Serialization;
using Coffer.Builtin.Secrets.Kv;
using CsCheck;

namespace Coffer.Builtin.Tests.Kv;

/// <summary>
/// The stored key metadata: written compactly (format 3: times as ticks, the versions as one run with times relative to
/// the newest, default settings left out), and records of format 2 (versions keyed by number, absolute ticks) and
/// format 1 (the serializer's own dictionary of objects with ISO-8601 times) still read.
/// </summary>
public sealed class KvVersionsFormatTests
{
    private static readonly DateTimeOffset Created = new(2025, 1, 2, 3, 4, 5, 678, TimeSpan.Zero);

    private static Dictionary<long, KvVersionMetadata> SampleVersions() => new()
    {
        [7] = new KvVersionMetadata { CreatedTime = Created, DeletionTime = Created.AddHours(1), Destroyed = true },
        [8] = new KvVersionMetadata { CreatedTime = Created.AddMinutes(1) },
        [12] = new KvVersionMetadata { CreatedTime = Created.AddMinutes(2), DeletionTime = Created.AddDays(3) },
        [13] = new KvVersionMetadata { CreatedTime = Created.AddMinutes(3), Destroyed = true },
    };

    private static long Ticks(DateTimeOffset time) => (time - DateTimeOffset.UnixEpoch).Ticks;

    [Fact]
    public void Write_VersionsAsARunWithTimesBeforeTheNewest()
    {
        var metadata = new KvKeyMetadata { Key = "k", CurrentVersion = 13, Versions = SampleVersions() };

        var written = JsonSerializer.SerializeToUtf8Bytes(metadata, KvJsonContext.Default.KvKeyMetadata);

        // The newest creation (version 13's) is the origin; 9 to 11 are gaps; a future deletion is a negative number.
        var origin = Ticks(Created.AddMinutes(3));
        var versions = JsonDocument.Parse(written).RootElement.GetProperty("versions").GetRawText();
        Assert.Equal(
            $"[7,{origin},[{origin - Ticks(Created)},{origin - Ticks(Created.AddHours(1))},true],[{origin - Ticks(Created.AddMinutes(1))}],"
            + $"null,null,null,[{origin - Ticks(Created.AddMinutes(2))},{origin - Ticks(Created.AddDays(3))}],[0,null,true]]",
            versions);
    }

    [Fact]
    public void Write_SparseVersions_KeepTheObjectByNumber()
    {
        var metadata = new KvKeyMetadata
        {
            Key = "k",
            Versions = new() { [1] = new KvVersionMetadata { CreatedTime = Created }, [100] = new KvVersionMetadata { CreatedTime = Created } },
        };

        var written = JsonSerializer.SerializeToUtf8Bytes(metadata, KvJsonContext.Default.KvKeyMetadata);

        Assert.Equal($"{{\"1\":[{Ticks(Created)}],\"100\":[{Ticks(Created)}]}}", JsonDocument.Parse(written).RootElement.GetProperty("versions").GetRawText());
    }

    [Fact]
    public void Write_DefaultSettingsLeftOut_TimesAsTicks()
    {
        var metadata = new KvKeyMetadata { Key = "k", CurrentVersion = 1, CreatedTime = Created, UpdatedTime = Created };

        var written = JsonSerializer.Serialize(metadata, KvJsonContext.Default.KvKeyMetadata);

        Assert.Equal($"{{\"format\":3,\"key\":\"k\",\"current_version\":1,\"created_time\":{Ticks(Created)},\"updated_time\":{Ticks(Created)},\"versions\":{{}}}}", written);
    }

    [Fact]
    public void Write_TenVersions_StaysSmall()
    {
        // Every KV write rewrites its key's metadata; in format 1 this record was ~1,050 bytes, in format 2 ~390.
        var metadata = new KvKeyMetadata { Key = "bench-574", CurrentVersion = 35, OldestVersion = 26, CreatedTime = Created, UpdatedTime = Created };
        for (var version = 26L; version <= 35; version++)
        {
            metadata.Versions[version] = new KvVersionMetadata { CreatedTime = Created.AddTicks(version * 1_234_567) };
        }

        Assert.InRange(JsonSerializer.SerializeToUtf8Bytes(metadata, KvJsonContext.Default.KvKeyMetadata).Length, 200, 280);
    }

    [Fact]
    public void Read_FormatOneRecord_GivesTheSameMetadata_AndWritesBackInFormatThree()
    {
        var stored = "{\"format\":1,\"key\":\"k\",\"current_version\":12,\"oldest_version\":7,\"max_versions\":4,\"cas_required\":true,"
            + "\"delete_version_after_seconds\":60,\"created_time\":\"2025-01-02T03:04:05.678+00:00\",\"updated_time\":\"2025-01-02T05:04:05.678+02:00\","
            + "\"versions\":" + JsonSerializer.Serialize(SampleVersions(), FormatOne.Default.DictionaryInt64KvVersionMetadata) + "}";

        var read = JsonSerializer.Deserialize(stored, KvJsonContext.Default.KvKeyMetadata)!;

        Assert.Equal((12L, 7L, 4L, true, 60L), (read.CurrentVersion, read.OldestVersion, read.MaxVersions, read.CasRequired, read.DeleteVersionAfterSeconds));
        Assert.Equal(Created, read.CreatedTime);
        Assert.Equal(Created, read.UpdatedTime); // the same instant, written with another offset
        AssertSameVersions(SampleVersions(), read.Versions);
        var rewritten = JsonDocument.Parse(JsonSerializer.SerializeToUtf8Bytes(read, KvJsonContext.Default.KvKeyMetadata)).RootElement;
        Assert.Equal(3, rewritten.GetProperty("format").GetInt32());
        Assert.Equal(JsonValueKind.Array, rewritten.GetProperty("versions").ValueKind);
    }

    [Fact]
    public void Read_FormatTwoRecord_GivesTheSameVersions_AndWritesBackAsARun()
    {
        var formatTwo = $"{{\"format\":2,\"key\":\"k\",\"current_version\":13,\"versions\":{{\"7\":[{Ticks(Created)},{Ticks(Created.AddHours(1))},true],"
            + $"\"8\":[{Ticks(Created.AddMinutes(1))}],\"12\":[{Ticks(Created.AddMinutes(2))},{Ticks(Created.AddDays(3))}],\"13\":[{Ticks(Created.AddMinutes(3))},null,true]}}}}";

        var read = JsonSerializer.Deserialize(formatTwo, KvJsonContext.Default.KvKeyMetadata)!;

        AssertSameVersions(SampleVersions(), read.Versions);
        var rewritten = JsonDocument.Parse(JsonSerializer.SerializeToUtf8Bytes(read, KvJsonContext.Default.KvKeyMetadata)).RootElement;
        Assert.Equal((3, JsonValueKind.Array), (rewritten.GetProperty("format").GetInt32(), rewritten.GetProperty("versions").ValueKind));
    }

    [Fact]
    public void RoundTrip_AnyMetadata_ReadsBackEqual() =>
        // Versions one, two or five apart: runs without and with gaps, and maps too sparse for a run.
        Gen.Select(Gen.Long[0, 1_000], Gen.Long[0, 50], Gen.Bool, Gen.Long[0, 100_000], Version.Array[0, 12], Gen.Int[0, 2].Select(i => new[] { 1L, 2L, 5L }[i]))
            .Sample((current, max, cas, after, versions, step) =>
        {
            var metadata = new KvKeyMetadata
            {
                Key = "k",
                CurrentVersion = current,
                MaxVersions = max,
                CasRequired = cas,
                DeleteVersionAfterSeconds = after,
                CreatedTime = versions.Length > 0 ? versions[0].CreatedTime : null,
                Versions = versions.Select((state, i) => (Number: current + (i * step), state)).ToDictionary(v => v.Number, v => v.state),
            };

            var read = JsonSerializer.Deserialize(JsonSerializer.SerializeToUtf8Bytes(metadata, KvJsonContext.Default.KvKeyMetadata), KvJsonContext.Default.KvKeyMetadata)!;

            Assert.Equal((current, max, cas, after, metadata.CreatedTime), (read.CurrentVersion, read.MaxVersions, read.CasRequired, read.DeleteVersionAfterSeconds, read.CreatedTime));
            AssertSameVersions(metadata.Versions, read.Versions);
        });

    [Fact]
    public void VersionRecord_FormatOneTimeReads_FormatTwoWritesTicks()
    {
        var read = JsonSerializer.Deserialize("""{"format":1,"created_time":"2025-01-02T03:04:05.678+00:00","data":{"a":"b"}}""", KvJsonContext.Default.KvVersionRecord)!;

        Assert.Equal(Created, read.CreatedTime);
        Assert.Equal(
            $"{{\"format\":2,\"created_time\":{Ticks(Created)},\"data\":{{\"a\":\"b\"}}}}",
            JsonSerializer.Serialize(new KvVersionRecord { CreatedTime = Created, Data = read.Data.DeepClone().AsObject() }, KvJsonContext.Default.KvVersionRecord));
    }

    [Theory]
    [InlineData("""{"format":4,"key":"k","versions":{}}""")]
    public void Read_NewerFormat_IsAJsonError(string stored) =>
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize(stored, KvJsonContext.Default.KvKeyMetadata));

    [Theory]
    [InlineData("""{"\u0031\u0032":{"created_time":"2025-01-02T03:04:05+00:00"}}""", 12L)]
    [InlineData("""{"3":{"created_time":"2025-01-02T03:04:05+00:00","unknown":[1]}}""", 3L)]
    [InlineData("""{"4":[0]}""", 4L)]
    public void Read_EscapedNamesUnknownFieldsAndBothShapes(string versions, long expected)
    {
        var read = JsonSerializer.Deserialize("{\"versions\":" + versions + "}", KvJsonContext.Default.KvKeyMetadata)!;

        Assert.Equal(expected, Assert.Single(read.Versions).Key);
    }

    [Theory]
    [InlineData("""{"one":{}}""")]
    [InlineData("""{"1.5":{}}""")]
    [InlineData("""[]""")]
    [InlineData("""{"1":null}""")]
    [InlineData("""{"1":[]}""")]
    [InlineData("""{"1":[null]}""")]
    [InlineData("""{"1":["2025-01-02T03:04:05+00:00"]}""")]
    [InlineData("""{"1":[1,"x"]}""")]
    [InlineData("""{"1":[1,2,true,4]}""")]
    [InlineData("""{"1":[1.5]}""")]
    [InlineData("""{"1":[99999999999999999999]}""")]
    [InlineData("""{"1":[1,null,"yes"]}""")]
    [InlineData("""[1]""")]
    [InlineData("""[1,"now"]""")]
    [InlineData("""[1,5,7]""")]
    [InlineData("""[1,5,{}]""")]
    [InlineData("""[1,99999999999999999999,[0]]""")]
    [InlineData("""[1,5,[0,"x"]]""")]
    [InlineData("""[1,5,[1.5]]""")]
    [InlineData("""[1,5,[0]""")]
    [InlineData("""[9223372036854775807,5,[0],[0]]""")]
    [InlineData("""[1,2534023007999999999,[-9223372036854775808]]""")]
    [InlineData("""[1,-9223372036854775808,[0]]""")]
    public void Read_NotAVersionMap_IsAJsonError(string versions) =>
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize("{\"versions\":" + versions + "}", KvJsonContext.Default.KvKeyMetadata));

    private static readonly Gen<DateTimeOffset> Time =
        Gen.Long[0, DateTimeOffset.MaxValue.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks].Select(ticks => DateTimeOffset.UnixEpoch.AddTicks(ticks));

    private static readonly Gen<KvVersionMetadata> Version = Gen.Select(Time, Time, Gen.Bool, Gen.Bool, (created, deletion, deleted, destroyed) =>
        new KvVersionMetadata { CreatedTime = created, DeletionTime = deleted ? deletion : null, Destroyed = destroyed });

    private static void AssertSameVersions(Dictionary<long, KvVersionMetadata> expected, Dictionary<long, KvVersionMetadata> actual) =>
        Assert.Equal(
            expected.OrderBy(v => v.Key).Select(v => (v.Key, v.Value.CreatedTime, v.Value.DeletionTime, v.Value.Destroyed)),
            actual.OrderBy(v => v.Key).Select(v => (v.Key, v.Value.CreatedTime, v.Value.DeletionTime, v.Value.Destroyed)));
}

/// <summary>The serializer's own handling of the versions map, with the KV engine's options: format 1, which must still read.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(Dictionary<long, KvVersionMetadata>))]
internal sealed partial class FormatOne : JsonSerializerContext;
