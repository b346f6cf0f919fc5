namespace Coffer.Core.Hcl;

/// <summary>
/// A document that is not valid HCL (or JSON). The message reads <c>At 3:7: reason</c>, the form HCL 1
/// gives and Vault passes on to its clients.
/// </summary>
public sealed class HclParseException : Exception
{
    public HclParseException(string reason, int line, int column)
        : base($"At {line}:{column}: {reason}")
    {
        Reason = reason;
        Line = line;
        Column = column;
    }

    /// <summary>The message without its position prefix.</summary>
    public string Reason { get; }

    public int Line { get; }

    public int Column { get; }
}
