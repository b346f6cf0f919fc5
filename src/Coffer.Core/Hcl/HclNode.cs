namespace Coffer.Core.Hcl;

/// <summary>Anything in an HCL document that has a place in the source (1-based line and column).</summary>
public abstract class HclNode
{
    protected HclNode(int line, int column)
    {
        Line = line;
        Column = column;
    }

    public int Line { get; }

    public int Column { get; }

    /// <summary>"line:column", the form used in error messages.</summary>
    public string Position => $"{Line}:{Column}";
}
