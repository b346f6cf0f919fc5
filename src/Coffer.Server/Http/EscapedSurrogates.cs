using System.Text.Json;

namespace Coffer.Server.Http;

/// <summary>
/// JSON may escape half of a UTF-16 surrogate pair (<c>"\ud800"</c>), which is no Unicode text. System.Text.Json
/// parses such a body but fails later, when the string is read or written, so whichever handler touched it would
/// answer 500; the request parser refuses the body up front instead. Only bodies that escape a surrogate at all
/// (Python's encoder writes every character outside the BMP as an escaped pair) pay for the second pass.
/// </summary>
internal static class EscapedSurrogates
{
    /// <summary>Whether every escaped surrogate in this (already parsed) JSON text belongs to a whole pair.</summary>
    public static bool ArePaired(ReadOnlySpan<byte> json)
    {
        if (!MayEscapeSurrogate(json))
        {
            return true;
        }

        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = RequestParser.MaxJsonDepth });
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType is JsonTokenType.String or JsonTokenType.PropertyName && reader.ValueIsEscaped)
                {
                    _ = reader.GetString();
                }
            }
        }
        catch (InvalidOperationException)
        {
            return false;
        }

        return true;
    }

    /// <summary>A <c>\u</c> escape of a code unit in D800–DFFF, in either case; an escaped backslash may give a false hit.</summary>
    private static bool MayEscapeSurrogate(ReadOnlySpan<byte> json)
    {
        for (var at = json.IndexOf("\\u"u8); at >= 0; at = json.IndexOf("\\u"u8))
        {
            json = json[(at + 2)..];
            if (json.Length >= 2 && json[0] is (byte)'d' or (byte)'D' && json[1] is (>= (byte)'8' and <= (byte)'9') or (>= (byte)'a' and <= (byte)'f') or (>= (byte)'A' and <= (byte)'F'))
            {
                return true;
            }
        }

        return false;
    }
}
