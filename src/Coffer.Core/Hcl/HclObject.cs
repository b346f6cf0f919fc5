namespace Coffer.Core.Hcl;

/// <summary>
/// An object literal (<c>{ "foo" = [], bar = ["a"] }</c>) or a JSON object. Items keep their order and
/// repeated keys are all kept, as HCL 1 does; the consumer decides what a repeated key means.
/// </summary>
public sealed class HclObject : HclValue
{
    public HclObject(IReadOnlyList<HclAttribute> items, int line, int column)
        : base(line, column)
    {
        Items = items;
    }

    public IReadOnlyList<HclAttribute> Items { get; }

    public override string KindName => "object";

    /// <summary>The last item with this key, or null.</summary>
    public HclAttribute? Find(string key)
    {
        for (var i = Items.Count - 1; i >= 0; i--)
        {
            if (string.Equals(Items[i].Name, key, StringComparison.Ordinal))
            {
                return Items[i];
            }
        }

        return null;
    }
}
