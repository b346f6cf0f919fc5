namespace Coffer.Core.Hcl;

/// <summary><c>type "label" ... { body }</c>; the position is the type keyword's.</summary>
public sealed class HclBlock : HclBodyItem
{
    public HclBlock(string type, IReadOnlyList<string> labels, HclBody body, int line, int column)
        : base(type, line, column)
    {
        Labels = labels;
        Body = body;
    }

    public string Type => Name;

    public IReadOnlyList<string> Labels { get; }

    public HclBody Body { get; }
}
