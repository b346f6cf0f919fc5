namespace Coffer.Core.Hcl;

/// <summary>A quoted string or a heredoc, with escapes already resolved.</summary>
public sealed class HclString : HclValue
{
    public HclString(string value, int line, int column)
        : base(line, column)
    {
        Value = value;
    }

    public string Value { get; }

    public override string KindName => "string";

    public override string ToString() => Value;
}
