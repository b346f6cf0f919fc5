namespace Coffer.Api.Http;

/// <summary>
/// Which header fields may go on the wire. A value holding a line break would end its header early and
/// turn the rest into headers of its own (a token read from a file with "\r\n" in it, say), and a name that is
/// not an HTTP token would be dropped silently; like Go's client, such a request is refused before it is sent.
/// </summary>
public static class HeaderFields
{
    private const string TokenPunctuation = "!#$%&'*+-.^_`|~";

    /// <summary>An RFC 9110 token: letters, digits and a few punctuation marks, at least one.</summary>
    public static bool IsValidName(string name) =>
        name.Length > 0 && name.All(c => char.IsAsciiLetterOrDigit(c) || TokenPunctuation.Contains(c, StringComparison.Ordinal));

    /// <summary>No control characters but tab; the rest (non-ASCII included) is left to the HTTP stack.</summary>
    public static bool IsValidValue(string value) => value.All(c => c == '\t' || (c >= ' ' && c != '\x7f'));

    /// <summary>Why a header cannot be sent, naming the header but never its value; null when it can.</summary>
    public static string? Problem(string name, string value) =>
        !IsValidName(name) ? $"invalid header field name \"{name}\""
        : !IsValidValue(value) ? $"invalid header field value for \"{name}\": control characters are not allowed"
        : null;
}
