namespace Coffer.Core.Hcl;

/// <summary><c>key = value</c>; the position is the key's.</summary>
public sealed class HclAttribute : HclBodyItem
{
    public HclAttribute(string name, HclValue value, int line, int column)
        : base(name, line, column)
    {
        Value = value;
    }

    public HclValue Value { get; }
}
