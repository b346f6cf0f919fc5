namespace Coffer.Core.Hcl;

/// <summary>Reads HCL text (the v1 dialect Vault uses and the HCL 2 syntax operators write) into an <see cref="HclBody"/>.</summary>
public static class HclParser
{
    /// <exception cref="HclParseException">The text is not valid HCL; the exception carries line and column.</exception>
    public static HclBody Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return new HclSyntaxParser(HclLexer.Tokenize(text)).ParseDocument();
    }
}
