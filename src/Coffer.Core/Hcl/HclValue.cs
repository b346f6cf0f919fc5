namespace Coffer.Core.Hcl;

/// <summary>A value on the right of <c>=</c>, inside a list, or inside an object literal.</summary>
public abstract class HclValue : HclNode
{
    protected HclValue(int line, int column)
        : base(line, column)
    {
    }

    /// <summary>The kind of value in words, for messages such as "expected a string, got a list".</summary>
    public abstract string KindName { get; }
}
