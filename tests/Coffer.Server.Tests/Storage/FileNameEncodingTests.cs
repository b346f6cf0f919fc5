using Coffer.Server.Storage;
using CsCheck;

namespace Coffer.Server.Tests.Storage;

public sealed class FileNameEncodingTests
{
    // Characters that exercise every escaping rule, plus a surrogate pair; never '/' nor a lone surrogate.
    private static readonly Gen<string> Segment = Gen.OneOf(
            Gen.Char["a._%\\:*?\"<>| \t\u007f-é"].Select(c => c.ToString()),
            Gen.Const("😀"),
            Gen.Char.Where(c => c != '/' && !char.IsSurrogate(c)).Select(c => c.ToString()))
        .Array[0, 12]
        .Select(parts => string.Concat(parts));

    [Fact]
    public void TryEncode_AnySegment_DecodesBackToIt()
    {
        Segment.Sample(segment =>
            FileNameEncoding.TryEncode(segment, out var name)
            && FileNameEncoding.TryDecode(name, out var decoded)
            && decoded == segment);
    }

    [Fact]
    public void TryEncode_AnySegment_GivesANameThatCannotEscapeOrCollide()
    {
        Segment.Sample(segment =>
        {
            Assert.True(FileNameEncoding.TryEncode(segment, out var name));
            Assert.DoesNotContain('/', name);
            Assert.DoesNotContain('\\', name);
            Assert.False(name.Any(char.IsControl), "a control character survived");
            Assert.NotEqual(".", name);
            Assert.NotEqual("..", name);
            Assert.False(name.StartsWith('.'), "names starting with '.' belong to the backend");
            Assert.False(name.StartsWith('_'), "names starting with '_' mark key files");
        });
    }

    [Theory]
    [InlineData("%41")]
    [InlineData("%2e")]
    [InlineData("%2F")]
    [InlineData(".x")]
    [InlineData("_x")]
    [InlineData("%")]
    [InlineData("%4")]
    [InlineData("%zz")]
    [InlineData("%C3%A9")]
    [InlineData("a:b")]
    public void TryDecode_NameTheEncoderNeverWrites_IsRejected(string name)
    {
        Assert.False(FileNameEncoding.TryDecode(name, out _));
    }

    [Fact]
    public void TryEncode_SlashOrLoneSurrogate_Fails()
    {
        // Built in code: xunit's theory data would replace a lone surrogate by U+FFFD.
        string[] segments = ["a/b", "\ud800", "x\udc00", "\ud83d\ud83d"];

        Assert.All(segments, segment => Assert.False(FileNameEncoding.TryEncode(segment, out _)));
    }

    [Theory]
    [InlineData("", "")]
    [InlineData("plain", "plain")]
    [InlineData("..", "%2E.")]
    [InlineData("_a_", "%5Fa_")]
    [InlineData("100%", "100%25")]
    [InlineData("a b", "a b")]
    [InlineData("clé", "clé")]
    public void TryEncode_KnownSegments_GiveKnownNames(string segment, string expected)
    {
        Assert.True(FileNameEncoding.TryEncode(segment, out var name));
        Assert.Equal(expected, name);
    }
}
