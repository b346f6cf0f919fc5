namespace Coffer.Core.Hcl;

/// <summary>
/// Recursive descent over the lexer's tokens. Accepts HCL 1 as Vault reads it and the HCL 2 syntax
/// people write: blocks with any number of labels, <c>key = value</c>, lists with trailing commas and
/// object literals using <c>=</c> or <c>:</c>, with or without commas between items.
/// </summary>
internal sealed class HclSyntaxParser
{
    private readonly List<HclToken> _tokens;
    private int _index;

    public HclSyntaxParser(List<HclToken> tokens)
    {
        _tokens = tokens;
    }

    private HclToken Current => _tokens[_index];

    public HclBody ParseDocument()
    {
        var body = ParseBody(1, 1, opening: null);
        return body;
    }

    private HclToken Next() => _tokens[_index++];

    private HclBody ParseBody(int line, int column, HclToken? opening)
    {
        var items = new List<HclBodyItem>();
        while (true)
        {
            var token = Current;
            switch (token.Kind)
            {
                case HclTokenKind.EndOfInput when opening is { } open:
                    throw Error(token, $"expected '}}' to close the block opened at {open.Line}:{open.Column}, found end of input");
                case HclTokenKind.EndOfInput:
                    return new HclBody(items, line, column);
                case HclTokenKind.RightBrace when opening is not null:
                    return new HclBody(items, line, column);
                case HclTokenKind.Comma:
                    Next();
                    continue;
                case HclTokenKind.Identifier or HclTokenKind.String:
                    items.Add(ParseItem());
                    continue;
                default:
                    throw Error(token, $"expected a key, found {token.Describe()}");
            }
        }
    }

    /// <summary>After a key: <c>= value</c> makes an attribute; labels then <c>{</c> make a block.</summary>
    private HclBodyItem ParseItem()
    {
        var key = Next();
        if (Current.Kind == HclTokenKind.Equals)
        {
            Next();
            return new HclAttribute(key.Text, ParseValue(), key.Line, key.Column);
        }

        var labels = new List<string>();
        while (Current.Kind is HclTokenKind.String or HclTokenKind.Identifier)
        {
            labels.Add(Next().Text);
        }

        var brace = Current;
        if (brace.Kind != HclTokenKind.LeftBrace)
        {
            throw labels.Count == 0
                ? Error(brace, $"expected '=' or '{{' after key \"{key.Text}\"")
                : Error(brace, $"expected '{{' after the labels of block \"{key.Text}\", found {brace.Describe()}");
        }

        Next();
        var body = ParseBody(brace.Line, brace.Column, brace);
        Next();
        return new HclBlock(key.Text, labels, body, key.Line, key.Column);
    }

    private HclValue ParseValue()
    {
        var token = Next();
        switch (token.Kind)
        {
            case HclTokenKind.String:
                return new HclString(token.Text, token.Line, token.Column);
            case HclTokenKind.Number:
                return new HclNumber(token.Text, token.Line, token.Column);
            case HclTokenKind.Identifier when token.Text == "true":
                return new HclBool(true, token.Line, token.Column);
            case HclTokenKind.Identifier when token.Text == "false":
                return new HclBool(false, token.Line, token.Column);
            case HclTokenKind.Identifier:
                throw Error(token, $"unknown value {token.Text}: strings must be quoted, and variables and expressions are not supported");
            case HclTokenKind.LeftBracket:
                return ParseList(token);
            case HclTokenKind.LeftBrace:
                return ParseObject(token);
            default:
                throw Error(token, $"expected a value, found {token.Describe()}");
        }
    }

    private HclList ParseList(HclToken opening)
    {
        var items = new List<HclValue>();
        while (true)
        {
            if (Current.Kind == HclTokenKind.RightBracket)
            {
                Next();
                return new HclList(items, opening.Line, opening.Column);
            }

            if (Current.Kind == HclTokenKind.EndOfInput)
            {
                throw UnclosedList(opening);
            }

            items.Add(ParseValue());
            var separator = Current;
            if (separator.Kind == HclTokenKind.EndOfInput)
            {
                throw UnclosedList(opening);
            }

            if (separator.Kind == HclTokenKind.Comma)
            {
                Next();
            }
            else if (separator.Kind != HclTokenKind.RightBracket)
            {
                throw Error(separator, $"expected ',' or ']' after a list item, found {separator.Describe()}");
            }
        }
    }

    private HclObject ParseObject(HclToken opening)
    {
        var items = new List<HclAttribute>();
        while (true)
        {
            var key = Current;
            switch (key.Kind)
            {
                case HclTokenKind.RightBrace:
                    Next();
                    return new HclObject(items, opening.Line, opening.Column);
                case HclTokenKind.Comma:
                    Next();
                    continue;
                case HclTokenKind.EndOfInput:
                    throw Error(key, $"expected '}}' to close the object opened at {opening.Line}:{opening.Column}, found end of input");
                case HclTokenKind.Identifier or HclTokenKind.String:
                    break;
                default:
                    throw Error(key, $"expected an object key, found {key.Describe()}");
            }

            Next();
            if (Current.Kind is HclTokenKind.Equals or HclTokenKind.Colon)
            {
                Next();
                items.Add(new HclAttribute(key.Text, ParseValue(), key.Line, key.Column));
                continue;
            }

            if (Current.Kind is HclTokenKind.LeftBrace or HclTokenKind.String or HclTokenKind.Identifier)
            {
                // HCL 1 lets a block appear inside an object literal; it becomes nested objects keyed by its labels.
                _index--;
                var block = (HclBlock)ParseItem();
                items.Add(AsObjectItem(block));
                continue;
            }

            throw Error(Current, $"expected '=' or ':' after object key \"{key.Text}\", found {Current.Describe()}");
        }
    }

    private HclParseException UnclosedList(HclToken opening) =>
        Error(Current, $"expected ']' to close the list opened at {opening.Line}:{opening.Column}, found end of input");

    private static HclAttribute AsObjectItem(HclBlock block)
    {
        var wrapper = new HclBody([block], block.Line, block.Column).ToObject();
        return wrapper.Items[0];
    }

    private static HclParseException Error(HclToken at, string reason) => new(reason, at.Line, at.Column);
}
