using System.Text.Json;
using System.Text.Json.Serialization;
using Coffer.Builtin.Secrets.Kv;

namespace Coffer.Builtin.Tests.Kv;

/// <summary>
/// The stored versions map keeps the serializer's own dictionary format, byte for byte, so metadata written before
/// <see cref="KvVersionsConverter"/> still reads and metadata written now reads the same everywhere.
/// </summary>
public sealed class KvVersionsFormatTests
{
    private static readonly DateTimeOffset Created = new(2025, 1, 2, 3, 4, 5, 678, TimeSpan.Zero);

    private static Dictionary<long, KvVersionMetadata> SampleVersions() => new()
    {
        [7] = new KvVersionMetadata { CreatedTime = Created, DeletionTime = Created.AddHours(1), Destroyed = true },
        [8] = new KvVersionMetadata { CreatedTime = Created.AddMinutes(1) },
        [12] = new KvVersionMetadata { CreatedTime = Created.AddMinutes(2), DeletionTime = Created.AddDays(3) },
    };

    [Fact]
    public void Write_SameBytesAsTheSerializersDictionaryFormat()
    {
        var metadata = new KvKeyMetadata { Key = "k", CurrentVersion = 12, Versions = SampleVersions() };

        var written = JsonSerializer.SerializeToUtf8Bytes(metadata, KvJsonContext.Default.KvKeyMetadata);

        var versions = JsonDocument.Parse(written).RootElement.GetProperty("versions").GetRawText();
        Assert.Equal(JsonSerializer.Serialize(metadata.Versions, DefaultFormat.Default.DictionaryInt64KvVersionMetadata), versions);
    }

    [Fact]
    public void Read_TheSerializersDictionaryFormat_GivesTheSameVersions()
    {
        var stored = "{\"key\":\"k\",\"versions\":" + JsonSerializer.Serialize(SampleVersions(), DefaultFormat.Default.DictionaryInt64KvVersionMetadata) + "}";

        var read = JsonSerializer.Deserialize(stored, KvJsonContext.Default.KvKeyMetadata)!;

        Assert.Equal([7L, 8L, 12L], read.Versions.Keys.Order());
        Assert.True(read.Versions[7].Destroyed);
        Assert.Equal(Created.AddHours(1), read.Versions[7].DeletionTime);
        Assert.Null(read.Versions[8].DeletionTime);
        Assert.Equal(Created.AddMinutes(2), read.Versions[12].CreatedTime);
    }

    [Theory]
    [InlineData("""{"\u0031\u0032":{"created_time":"2025-01-02T03:04:05+00:00"}}""", 12L)]
    [InlineData("""{"3":{"created_time":"2025-01-02T03:04:05+00:00","unknown":[1]}}""", 3L)]
    public void Read_EscapedNamesAndUnknownFields_AsTheSerializerDoes(string versions, long expected)
    {
        var read = JsonSerializer.Deserialize("{\"versions\":" + versions + "}", KvJsonContext.Default.KvKeyMetadata)!;

        Assert.Equal(expected, Assert.Single(read.Versions).Key);
    }

    [Theory]
    [InlineData("""{"one":{}}""")]
    [InlineData("""{"1.5":{}}""")]
    [InlineData("""[]""")]
    public void Read_NotAVersionMap_IsAJsonError(string versions) =>
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize("{\"versions\":" + versions + "}", KvJsonContext.Default.KvKeyMetadata));
}

/// <summary>The serializer's own handling of the versions map, with the KV engine's options: the format to keep.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(Dictionary<long, KvVersionMetadata>))]
internal sealed partial class DefaultFormat : JsonSerializerContext;
