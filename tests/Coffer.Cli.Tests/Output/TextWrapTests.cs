using CsCheck;
using Coffer.Cli.Output;

namespace Coffer.Cli.Tests.Output;

public sealed class TextWrapTests
{
    [Fact]
    public void WrapAtLength_InitParagraph_BreaksWhereTheGoCliDoes()
    {
        var text = "Vault initialized with 5 key shares and a key threshold of 3. Please securely distribute the key shares printed above. When the Vault is re-sealed, restarted, or stopped, you must supply at least 3 of these keys to unseal it before it can start servicing requests.";

        var wrapped = TextWrap.WrapAtLength(text);

        Assert.Equal(
            "Vault initialized with 5 key shares and a key threshold of 3. Please securely\n"
            + "distribute the key shares printed above. When the Vault is re-sealed,\n"
            + "restarted, or stopped, you must supply at least 3 of these keys to unseal it\n"
            + "before it can start servicing requests.",
            wrapped);
    }

    [Fact]
    public void WrapAtLength_WithPadding_IndentsEveryLine()
    {
        var wrapped = TextWrap.WrapAtLength("* " + string.Join(' ', Enumerable.Repeat("word", 30)), 2);

        var lines = wrapped.Split('\n');
        Assert.True(lines.Length > 1);
        Assert.All(lines, l => Assert.StartsWith("  ", l, StringComparison.Ordinal));
        Assert.All(lines, l => Assert.True(l.Length <= 78));
    }

    [Fact]
    public void Wrap_WordLongerThanTheLimit_IsNeverSplit()
    {
        var word = new string('x', 100);

        var lines = TextWrap.Wrap("a " + word + " b", 78);

        Assert.Equal(["a " + word, "b"], lines);
    }

    [Fact]
    public void Wrap_Property_KeepsEveryWordInOrderAndRespectsLimitWhenPossible()
    {
        Gen.String["abcdefgh"].Where(w => w.Length is > 0 and < 20).Array[1, 60]
            .Sample(words =>
            {
                var lines = TextWrap.Wrap(string.Join(' ', words), 40);
                Assert.Equal(words, string.Join(' ', lines).Split(' '));
                Assert.All(lines, l => Assert.True(l.Length <= 40));
            });
    }
}
