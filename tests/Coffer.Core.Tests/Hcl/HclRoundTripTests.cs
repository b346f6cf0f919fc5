using System.Globalization;
using Coffer.Core.Hcl;
using CsCheck;

namespace Coffer.Core.Tests.Hcl;

/// <summary>Generated documents survive printing and parsing unchanged (compared without positions).</summary>
public sealed class HclRoundTripTests
{
    private static readonly Gen<string> IdentifierGen =
        Gen.Select(Gen.Char["abcxyz_ABC"], Gen.Char["abz_-.019"].Array[0, 8], (first, rest) => first + new string(rest));

    private static readonly Gen<string> AnyStringGen = Gen.Char.Array[0, 12].Select(chars => new string(chars));

    private static readonly Gen<string> TrickyStringGen =
        Gen.Char["\"\\\n\r\t${}#/*<>= \u00e9\u0001abc"].Array[0, 12].Select(chars => new string(chars));

    private static readonly Gen<string> KeyGen = Gen.Frequency((3, IdentifierGen), (1, AnyStringGen), (1, TrickyStringGen));

    private static readonly Gen<HclValue> ScalarGen = Gen.OneOf<HclValue>(
        Gen.Frequency((1, AnyStringGen), (1, TrickyStringGen)).Select(s => (HclValue)new HclString(s, 0, 0)),
        Gen.Long.Select(n => (HclValue)new HclNumber(n.ToString(CultureInfo.InvariantCulture), 0, 0)),
        Gen.Double.Where(double.IsFinite).Select(d => (HclValue)new HclNumber(d.ToString("R", CultureInfo.InvariantCulture), 0, 0)),
        Gen.Bool.Select(b => (HclValue)new HclBool(b, 0, 0)));

    [Fact]
    public void WriteThenParse_GeneratedDocuments_GiveTheSameTree()
    {
        BodyGen(2).Sample(body =>
        {
            var text = HclWriter.Write(body);
            var parsed = HclParser.Parse(text);
            Assert.Equal(HclShape.Of(body), HclShape.Of(parsed));
        }, iter: 300);
    }

    [Fact]
    public void WriteThenParse_GeneratedValues_GiveTheSameValue()
    {
        ValueGen(3).Sample(value =>
        {
            var text = "v = " + HclWriter.Write(value);
            var parsed = HclParser.Parse(text).Attributes[0].Value;
            Assert.Equal(HclShape.Of(value), HclShape.Of(parsed));
        }, iter: 500);
    }

    private static Gen<HclValue> ValueGen(int depth)
    {
        if (depth == 0)
        {
            return ScalarGen;
        }

        var inner = ValueGen(depth - 1);
        var list = inner.Array[0, 4].Select(items => (HclValue)new HclList(items, 0, 0));
        var obj = Gen.Select(KeyGen, inner, (k, v) => new HclAttribute(k, v, 0, 0)).Array[0, 4]
            .Select(items => (HclValue)new HclObject(items, 0, 0));
        return Gen.Frequency((3, ScalarGen), (1, list), (1, obj));
    }

    private static Gen<HclBody> BodyGen(int depth)
    {
        var attribute = Gen.Select(KeyGen, ValueGen(2), (k, v) => (HclBodyItem)new HclAttribute(k, v, 0, 0));
        var item = attribute;
        if (depth > 0)
        {
            var block = Gen.Select(KeyGen, KeyGen.Array[0, 3], BodyGen(depth - 1),
                (type, labels, body) => (HclBodyItem)new HclBlock(type, labels, body, 0, 0));
            item = Gen.Frequency((3, attribute), (1, block));
        }

        return item.Array[0, 5].Select(items => new HclBody(items, 0, 0));
    }
}
