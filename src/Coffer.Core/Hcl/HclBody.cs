namespace Coffer.Core.Hcl;

/// <summary>
/// The content of a document or of a block: attributes and blocks in source order. Repeated
/// attributes and repeated blocks are all kept, separately and in order.
/// </summary>
public sealed class HclBody : HclNode
{
    public HclBody(IReadOnlyList<HclBodyItem> items, int line, int column)
        : base(line, column)
    {
        Items = items;
        Attributes = items.OfType<HclAttribute>().ToArray();
        Blocks = items.OfType<HclBlock>().ToArray();
    }

    /// <summary>Attributes and blocks interleaved as written.</summary>
    public IReadOnlyList<HclBodyItem> Items { get; }

    public IReadOnlyList<HclAttribute> Attributes { get; }

    public IReadOnlyList<HclBlock> Blocks { get; }

    /// <summary>The body of an object value, so that <c>key = { ... }</c> can be read like <c>key { ... }</c>.</summary>
    public static HclBody FromObject(HclObject value) => new(value.Items, value.Line, value.Column);

    /// <summary>The last attribute with this key, or null.</summary>
    public HclAttribute? FindAttribute(string name)
    {
        for (var i = Attributes.Count - 1; i >= 0; i--)
        {
            if (string.Equals(Attributes[i].Name, name, StringComparison.Ordinal))
            {
                return Attributes[i];
            }
        }

        return null;
    }

    /// <summary>
    /// Every block of this type, whether written as a block or, as JSON and HCL 1 allow, as an
    /// attribute whose object value is keyed by the labels. See <see cref="HclBlocks.Expand"/>.
    /// </summary>
    public IEnumerable<HclBlock> BlocksOfType(string type, int labelCount)
    {
        foreach (var item in Items)
        {
            if (string.Equals(item.Name, type, StringComparison.Ordinal))
            {
                foreach (var block in HclBlocks.Expand(item, labelCount))
                {
                    yield return block;
                }
            }
        }
    }

    /// <summary>This body as an object value: blocks become nested objects keyed by their labels.</summary>
    public HclObject ToObject()
    {
        var items = new List<HclAttribute>(Items.Count);
        foreach (var item in Items)
        {
            items.Add(item switch
            {
                HclAttribute attribute => attribute,
                HclBlock block => BlockAsAttribute(block),
                _ => throw new InvalidOperationException("unknown body item"),
            });
        }

        return new HclObject(items, Line, Column);
    }

    private static HclAttribute BlockAsAttribute(HclBlock block)
    {
        HclValue value = block.Body.ToObject();
        for (var i = block.Labels.Count - 1; i >= 0; i--)
        {
            value = new HclObject([new HclAttribute(block.Labels[i], value, block.Line, block.Column)], block.Line, block.Column);
        }

        return new HclAttribute(block.Type, value, block.Line, block.Column);
    }
}
