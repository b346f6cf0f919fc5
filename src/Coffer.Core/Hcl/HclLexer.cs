using System.Globalization;
using System.Text;

namespace Coffer.Core.Hcl;

/// <summary>
/// Turns HCL text into tokens. Comments (<c>#</c>, <c>//</c>, <c>/* */</c>) and whitespace, newlines
/// included, are skipped: like HCL 1, items need no separator. Strings and heredocs come out decoded.
/// </summary>
internal sealed class HclLexer
{
    private readonly string _text;
    private readonly List<HclToken> _tokens = [];
    private int _position;
    private int _line = 1;
    private int _column = 1;

    private HclLexer(string text)
    {
        _text = text;
    }

    public static List<HclToken> Tokenize(string text)
    {
        var lexer = new HclLexer(text);
        lexer.Run();
        return lexer._tokens;
    }

    private char Current => _position < _text.Length ? _text[_position] : '\0';

    private bool AtEnd => _position >= _text.Length;

    private char PeekAt(int offset) => _position + offset < _text.Length ? _text[_position + offset] : '\0';

    private void Run()
    {
        while (true)
        {
            SkipTrivia();
            if (AtEnd)
            {
                _tokens.Add(new HclToken(HclTokenKind.EndOfInput, string.Empty, _line, _column));
                return;
            }

            var line = _line;
            var column = _column;
            var c = Current;
            switch (c)
            {
                case '{': Single(HclTokenKind.LeftBrace, line, column); break;
                case '}': Single(HclTokenKind.RightBrace, line, column); break;
                case '[': Single(HclTokenKind.LeftBracket, line, column); break;
                case ']': Single(HclTokenKind.RightBracket, line, column); break;
                case ',': Single(HclTokenKind.Comma, line, column); break;
                case '=': Single(HclTokenKind.Equals, line, column); break;
                case ':': Single(HclTokenKind.Colon, line, column); break;
                case '"': _tokens.Add(new HclToken(HclTokenKind.String, ReadQuoted(line, column), line, column)); break;
                case '<' when PeekAt(1) == '<': _tokens.Add(new HclToken(HclTokenKind.String, ReadHeredoc(line, column), line, column)); break;
                case '-' when char.IsAsciiDigit(PeekAt(1)) || (PeekAt(1) == '.' && char.IsAsciiDigit(PeekAt(2))):
                case '.' when char.IsAsciiDigit(PeekAt(1)):
                case >= '0' and <= '9':
                    _tokens.Add(new HclToken(HclTokenKind.Number, ReadNumber(line, column), line, column));
                    break;
                default:
                    if (IsIdentifierStart(c))
                    {
                        _tokens.Add(new HclToken(HclTokenKind.Identifier, ReadIdentifier(), line, column));
                        break;
                    }

                    throw new HclParseException($"illegal character {Quote(c)}", line, column);
            }
        }
    }

    private void Single(HclTokenKind kind, int line, int column)
    {
        _tokens.Add(new HclToken(kind, _text[_position].ToString(), line, column));
        Advance();
    }

    private void Advance()
    {
        if (_text[_position] == '\n')
        {
            _line++;
            _column = 1;
        }
        else
        {
            _column++;
        }

        _position++;
    }

    private void SkipTrivia()
    {
        while (!AtEnd)
        {
            var c = Current;
            if (c is ' ' or '\t' or '\r' or '\n' or '\f' or '\v' or '\uFEFF')
            {
                Advance();
            }
            else if (c == '#' || (c == '/' && PeekAt(1) == '/'))
            {
                while (!AtEnd && Current != '\n')
                {
                    Advance();
                }
            }
            else if (c == '/' && PeekAt(1) == '*')
            {
                var line = _line;
                var column = _column;
                Advance();
                Advance();
                while (!(Current == '*' && PeekAt(1) == '/'))
                {
                    if (AtEnd)
                    {
                        throw new HclParseException("comment not terminated", line, column);
                    }

                    Advance();
                }

                Advance();
                Advance();
            }
            else
            {
                return;
            }
        }
    }

    private static bool IsIdentifierStart(char c) => char.IsLetter(c) || c == '_';

    private static bool IsIdentifierPart(char c) => char.IsLetterOrDigit(c) || c is '_' or '-' or '.';

    private string ReadIdentifier()
    {
        var start = _position;
        while (!AtEnd && IsIdentifierPart(Current))
        {
            Advance();
        }

        return _text[start.._position];
    }

    private string ReadNumber(int line, int column)
    {
        var start = _position;
        if (Current == '-')
        {
            Advance();
        }

        var digits = SkipDigits();
        if (Current == '.' && char.IsAsciiDigit(PeekAt(1)))
        {
            Advance();
            digits += SkipDigits();
        }

        if (Current is 'e' or 'E' && (char.IsAsciiDigit(PeekAt(1)) || (PeekAt(1) is '+' or '-' && char.IsAsciiDigit(PeekAt(2)))))
        {
            Advance();
            if (Current is '+' or '-')
            {
                Advance();
            }

            SkipDigits();
        }

        // "10s" or "1.2.3" are not numbers; saying so here beats a confusing error at the next token.
        if (digits == 0 || IsIdentifierPart(Current))
        {
            while (!AtEnd && IsIdentifierPart(Current))
            {
                Advance();
            }

            throw new HclParseException($"invalid number \"{_text[start.._position]}\"", line, column);
        }

        return _text[start.._position];
    }

    private int SkipDigits()
    {
        var count = 0;
        while (char.IsAsciiDigit(Current))
        {
            Advance();
            count++;
        }

        return count;
    }

    private string ReadQuoted(int line, int column)
    {
        Advance();
        var value = new StringBuilder();
        while (true)
        {
            if (AtEnd || Current == '\n')
            {
                throw new HclParseException("string literal not terminated", line, column);
            }

            var c = Current;
            if (c == '"')
            {
                Advance();
                return value.ToString();
            }

            if (c != '\\')
            {
                value.Append(c);
                Advance();
                continue;
            }

            var escapeLine = _line;
            var escapeColumn = _column;
            Advance();
            if (AtEnd)
            {
                throw new HclParseException("string literal not terminated", line, column);
            }

            var e = Current;
            Advance();
            switch (e)
            {
                case '"': value.Append('"'); break;
                case '\\': value.Append('\\'); break;
                case '/': value.Append('/'); break;
                case 'n': value.Append('\n'); break;
                case 'r': value.Append('\r'); break;
                case 't': value.Append('\t'); break;
                case 'a': value.Append('\a'); break;
                case 'b': value.Append('\b'); break;
                case 'f': value.Append('\f'); break;
                case 'v': value.Append('\v'); break;
                case 'u': AppendCodePoint(value, ReadHex(4, escapeLine, escapeColumn), escapeLine, escapeColumn); break;
                case 'U': AppendCodePoint(value, ReadHex(8, escapeLine, escapeColumn), escapeLine, escapeColumn); break;
                default:
                    throw new HclParseException($"invalid escape sequence \"\\{e}\"", escapeLine, escapeColumn);
            }
        }
    }

    private int ReadHex(int length, int line, int column)
    {
        var start = _position;
        for (var i = 0; i < length; i++)
        {
            if (!char.IsAsciiHexDigit(Current))
            {
                throw new HclParseException($"escape sequence needs {length} hexadecimal digits", line, column);
            }

            Advance();
        }

        return int.Parse(_text.AsSpan(start, length), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
    }

    private static void AppendCodePoint(StringBuilder value, int codePoint, int line, int column)
    {
        if (!Rune.IsValid(codePoint))
        {
            throw new HclParseException($"escape sequence gives an invalid character U+{codePoint:X}", line, column);
        }

        value.Append(new Rune(codePoint).ToString());
    }

    /// <summary>
    /// <c>&lt;&lt;EOF</c> or <c>&lt;&lt;-EOF</c> up to a line holding only the marker. The indented form removes
    /// the indentation the non-blank lines share, so heredocs can follow the surrounding code's layout.
    /// </summary>
    private string ReadHeredoc(int line, int column)
    {
        Advance();
        Advance();
        var indented = Current == '-';
        if (indented)
        {
            Advance();
        }

        if (!IsIdentifierStart(Current))
        {
            throw new HclParseException("heredoc needs a marker such as <<EOF", line, column);
        }

        var marker = ReadIdentifier();
        while (Current is ' ' or '\t' or '\r')
        {
            Advance();
        }

        if (Current != '\n')
        {
            throw new HclParseException($"heredoc marker {marker} must end its line", line, column);
        }

        Advance();
        var lines = new List<string>();
        while (true)
        {
            if (AtEnd)
            {
                throw new HclParseException($"heredoc not terminated: no line holding only {marker}", line, column);
            }

            var lineStart = _position;
            var lineEnd = _text.IndexOf('\n', _position);
            if (lineEnd < 0)
            {
                lineEnd = _text.Length;
            }

            var content = _text[lineStart..lineEnd].TrimEnd('\r');
            var isTerminator = string.Equals(content.Trim(' ', '\t'), marker, StringComparison.Ordinal);
            while (_position < lineEnd)
            {
                Advance();
            }

            if (isTerminator)
            {
                break;
            }

            if (!AtEnd)
            {
                Advance();
            }

            lines.Add(content);
        }

        if (indented)
        {
            RemoveCommonIndentation(lines);
        }

        var text = new StringBuilder();
        foreach (var content in lines)
        {
            text.Append(content).Append('\n');
        }

        return text.ToString();
    }

    private static void RemoveCommonIndentation(List<string> lines)
    {
        var common = int.MaxValue;
        foreach (var content in lines)
        {
            if (!string.IsNullOrWhiteSpace(content))
            {
                common = Math.Min(common, content.Length - content.TrimStart(' ', '\t').Length);
            }
        }

        if (common is int.MaxValue or 0)
        {
            return;
        }

        for (var i = 0; i < lines.Count; i++)
        {
            var indentation = lines[i].Length - lines[i].TrimStart(' ', '\t').Length;
            lines[i] = lines[i][Math.Min(common, indentation)..];
        }
    }

    private static string Quote(char c) => char.IsControl(c) ? $"U+{(int)c:X4}" : $"'{c}'";
}
