namespace Coffer.Core.Hcl;

/// <summary>Reads a document that may be either HCL or its JSON form, as Vault's configuration and policies may.</summary>
public static class HclDocument
{
    /// <summary>
    /// JSON when the first non-blank character is <c>{</c> and the text is valid JSON, HCL otherwise. When
    /// neither reading succeeds, a text that looks like JSON reports the JSON error, the more useful one.
    /// </summary>
    /// <exception cref="HclParseException">The text is neither valid JSON nor valid HCL.</exception>
    public static HclBody Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!text.AsSpan().TrimStart().StartsWith("{"))
        {
            return HclParser.Parse(text);
        }

        try
        {
            return HclJson.Parse(text);
        }
        catch (HclParseException jsonError)
        {
            try
            {
                return HclParser.Parse(text);
            }
            catch (HclParseException)
            {
                throw jsonError;
            }
        }
    }
}
