using System.Globalization;
using System.Text;

namespace Coffer.Core.Hcl;

/// <summary>
/// A strict JSON reader (RFC 8259: no comments, no trailing commas) that keeps each value's line and
/// column, which System.Text.Json does not expose per value. <c>null</c> has no HCL counterpart and is
/// rejected with its position.
/// </summary>
internal sealed class HclJsonReader
{
    private const int MaxDepth = 256;
    private readonly string _text;
    private int _position;
    private int _line = 1;
    private int _column = 1;
    private int _depth;

    public HclJsonReader(string text)
    {
        _text = text;
    }

    private char Current => _position < _text.Length ? _text[_position] : '\0';

    private bool AtEnd => _position >= _text.Length;

    public HclValue ReadDocument()
    {
        SkipWhitespace();
        var value = ReadValue();
        SkipWhitespace();
        if (!AtEnd)
        {
            throw Error($"unexpected {Describe(Current)} after the end of the JSON document");
        }

        return value;
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

    private void SkipWhitespace()
    {
        while (!AtEnd && Current is ' ' or '\t' or '\r' or '\n' or '\uFEFF')
        {
            Advance();
        }
    }

    private HclValue ReadValue()
    {
        var line = _line;
        var column = _column;
        switch (Current)
        {
            case '{':
                return ReadObject(line, column);
            case '[':
                return ReadArray(line, column);
            case '"':
                return new HclString(ReadString(), line, column);
            case '-' or (>= '0' and <= '9'):
                return new HclNumber(ReadNumber(), line, column);
            case 't' when Matches("true"):
                return new HclBool(true, line, column);
            case 'f' when Matches("false"):
                return new HclBool(false, line, column);
            case 'n' when Matches("null"):
                throw new HclParseException("null is not supported; leave the key out instead", line, column);
            default:
                throw Error(AtEnd ? "expected a JSON value, found end of input" : $"expected a JSON value, found {Describe(Current)}");
        }
    }

    private bool Matches(string literal)
    {
        if (string.CompareOrdinal(_text, _position, literal, 0, literal.Length) != 0)
        {
            return false;
        }

        for (var i = 0; i < literal.Length; i++)
        {
            Advance();
        }

        return true;
    }

    private HclObject ReadObject(int line, int column)
    {
        Enter(line, column);
        Advance();
        var items = new List<HclAttribute>();
        SkipWhitespace();
        if (Current == '}')
        {
            Advance();
            _depth--;
            return new HclObject(items, line, column);
        }

        while (true)
        {
            SkipWhitespace();
            if (Current != '"')
            {
                throw Error(AtEnd ? "expected a member name, found end of input" : $"expected a member name in double quotes, found {Describe(Current)}");
            }

            var keyLine = _line;
            var keyColumn = _column;
            var key = ReadString();
            SkipWhitespace();
            if (Current != ':')
            {
                throw Error($"expected ':' after member name \"{key}\"");
            }

            Advance();
            SkipWhitespace();
            items.Add(new HclAttribute(key, ReadValue(), keyLine, keyColumn));
            SkipWhitespace();
            if (Current == ',')
            {
                Advance();
                continue;
            }

            if (Current == '}')
            {
                Advance();
                _depth--;
                return new HclObject(items, line, column);
            }

            throw Error(AtEnd ? $"expected '}}' to close the object opened at {line}:{column}, found end of input" : $"expected ',' or '}}' in object, found {Describe(Current)}");
        }
    }

    private HclList ReadArray(int line, int column)
    {
        Enter(line, column);
        Advance();
        var items = new List<HclValue>();
        SkipWhitespace();
        if (Current == ']')
        {
            Advance();
            _depth--;
            return new HclList(items, line, column);
        }

        while (true)
        {
            SkipWhitespace();
            items.Add(ReadValue());
            SkipWhitespace();
            if (Current == ',')
            {
                Advance();
                continue;
            }

            if (Current == ']')
            {
                Advance();
                _depth--;
                return new HclList(items, line, column);
            }

            throw Error(AtEnd ? $"expected ']' to close the array opened at {line}:{column}, found end of input" : $"expected ',' or ']' in array, found {Describe(Current)}");
        }
    }

    private void Enter(int line, int column)
    {
        if (++_depth > MaxDepth)
        {
            throw new HclParseException($"nesting deeper than {MaxDepth} levels", line, column);
        }
    }

    private string ReadString()
    {
        var line = _line;
        var column = _column;
        Advance();
        var value = new StringBuilder();
        while (true)
        {
            if (AtEnd)
            {
                throw new HclParseException("string not terminated", line, column);
            }

            var c = Current;
            if (c == '"')
            {
                Advance();
                return value.ToString();
            }

            if (c < ' ')
            {
                throw Error("control characters must be escaped in JSON strings");
            }

            if (c != '\\')
            {
                value.Append(c);
                Advance();
                continue;
            }

            Advance();
            var e = Current;
            if (AtEnd)
            {
                throw new HclParseException("string not terminated", line, column);
            }

            Advance();
            switch (e)
            {
                case '"': value.Append('"'); break;
                case '\\': value.Append('\\'); break;
                case '/': value.Append('/'); break;
                case 'b': value.Append('\b'); break;
                case 'f': value.Append('\f'); break;
                case 'n': value.Append('\n'); break;
                case 'r': value.Append('\r'); break;
                case 't': value.Append('\t'); break;
                case 'u': value.Append(ReadUnicodeEscape()); break;
                default: throw Error($"invalid escape sequence \"\\{e}\"");
            }
        }
    }

    private char ReadUnicodeEscape()
    {
        if (_position + 4 > _text.Length
            || !int.TryParse(_text.AsSpan(_position, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code))
        {
            throw Error("\\u needs four hexadecimal digits");
        }

        for (var i = 0; i < 4; i++)
        {
            Advance();
        }

        // Surrogate halves are appended one by one; a pair written as two escapes reassembles itself.
        return (char)code;
    }

    private string ReadNumber()
    {
        var line = _line;
        var column = _column;
        var start = _position;
        if (Current == '-')
        {
            Advance();
        }

        if (Current == '0')
        {
            Advance();
        }
        else if (char.IsAsciiDigit(Current))
        {
            SkipDigits();
        }
        else
        {
            throw new HclParseException("invalid number", line, column);
        }

        if (Current == '.')
        {
            Advance();
            if (SkipDigits() == 0)
            {
                throw new HclParseException("invalid number: digits must follow the decimal point", line, column);
            }
        }

        if (Current is 'e' or 'E')
        {
            Advance();
            if (Current is '+' or '-')
            {
                Advance();
            }

            if (SkipDigits() == 0)
            {
                throw new HclParseException("invalid number: digits must follow the exponent", line, column);
            }
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

    private HclParseException Error(string reason) => new(reason, _line, _column);

    private static string Describe(char c) => char.IsControl(c) ? $"U+{(int)c:X4}" : $"'{c}'";
}
