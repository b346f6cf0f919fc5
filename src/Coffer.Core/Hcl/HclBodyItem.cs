namespace Coffer.Core.Hcl;

/// <summary>One entry of a body: an attribute (<c>key = value</c>) or a block (<c>type "label" { ... }</c>).</summary>
public abstract class HclBodyItem : HclNode
{
    protected HclBodyItem(string name, int line, int column)
        : base(line, column)
    {
        Name = name;
    }

    /// <summary>The attribute's key or the block's type.</summary>
    public string Name { get; }
}
