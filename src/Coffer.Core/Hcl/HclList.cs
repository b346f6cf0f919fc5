namespace Coffer.Core.Hcl;

public sealed class HclList : HclValue
{
    public HclList(IReadOnlyList<HclValue> items, int line, int column)
        : base(line, column)
    {
        Items = items;
    }

    public IReadOnlyList<HclValue> Items { get; }

    public override string KindName => "list";
}
