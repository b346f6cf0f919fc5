namespace Coffer.Core.Hcl;

/// <summary>One lexical token; <see cref="Text"/> is the identifier, the decoded string or the number's text.</summary>
internal readonly record struct HclToken(HclTokenKind Kind, string Text, int Line, int Column)
{
    /// <summary>How the token reads in an error message.</summary>
    public string Describe() => Kind switch
    {
        HclTokenKind.Identifier => $"identifier {Text}",
        // String contents stay out of messages: configuration strings may hold secrets.
        HclTokenKind.String => "a string",
        HclTokenKind.Number => $"number {Text}",
        HclTokenKind.LeftBrace => "'{'",
        HclTokenKind.RightBrace => "'}'",
        HclTokenKind.LeftBracket => "'['",
        HclTokenKind.RightBracket => "']'",
        HclTokenKind.Comma => "','",
        HclTokenKind.Equals => "'='",
        HclTokenKind.Colon => "':'",
        _ => "end of input",
    };
}
