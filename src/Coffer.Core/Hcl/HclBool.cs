namespace Coffer.Core.Hcl;

public sealed class HclBool : HclValue
{
    public HclBool(bool value, int line, int column)
        : base(line, column)
    {
        Value = value;
    }

    public bool Value { get; }

    public override string KindName => "bool";

    public override string ToString() => Value ? "true" : "false";
}
