using System.Globalization;
using System.Text;

namespace Coffer.Core.Hcl;

/// <summary>
/// Writes a tree back out as canonical HCL: two-space indentation, one item per line, labels and
/// non-identifier keys quoted. Reading the output gives back the same tree (positions aside).
/// </summary>
public static class HclWriter
{
    public static string Write(HclBody body)
    {
        ArgumentNullException.ThrowIfNull(body);
        var output = new StringBuilder();
        WriteBody(output, body, 0);
        return output.ToString();
    }

    public static string Write(HclValue value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var output = new StringBuilder();
        WriteValue(output, value, 0);
        return output.ToString();
    }

    /// <summary>A string literal with the escapes the parser reads back.</summary>
    public static string Quote(string text)
    {
        var output = new StringBuilder(text.Length + 2);
        AppendQuoted(output, text);
        return output.ToString();
    }

    private static void WriteBody(StringBuilder output, HclBody body, int depth)
    {
        foreach (var item in body.Items)
        {
            Indent(output, depth);
            switch (item)
            {
                case HclAttribute attribute:
                    AppendKey(output, attribute.Name);
                    output.Append(" = ");
                    WriteValue(output, attribute.Value, depth);
                    break;
                case HclBlock block:
                    AppendKey(output, block.Type);
                    foreach (var label in block.Labels)
                    {
                        output.Append(' ');
                        AppendQuoted(output, label);
                    }

                    output.Append(" {\n");
                    WriteBody(output, block.Body, depth + 1);
                    Indent(output, depth);
                    output.Append('}');
                    break;
            }

            output.Append('\n');
        }
    }

    private static void WriteValue(StringBuilder output, HclValue value, int depth)
    {
        switch (value)
        {
            case HclString text:
                AppendQuoted(output, text.Value);
                break;
            case HclNumber number:
                output.Append(number.Text);
                break;
            case HclBool boolean:
                output.Append(boolean.Value ? "true" : "false");
                break;
            case HclList list:
                output.Append('[');
                for (var i = 0; i < list.Items.Count; i++)
                {
                    if (i > 0)
                    {
                        output.Append(", ");
                    }

                    WriteValue(output, list.Items[i], depth);
                }

                output.Append(']');
                break;
            case HclObject obj when obj.Items.Count == 0:
                output.Append("{}");
                break;
            case HclObject obj:
                output.Append("{\n");
                foreach (var item in obj.Items)
                {
                    Indent(output, depth + 1);
                    AppendKey(output, item.Name);
                    output.Append(" = ");
                    WriteValue(output, item.Value, depth + 1);
                    output.Append('\n');
                }

                Indent(output, depth);
                output.Append('}');
                break;
        }
    }

    private static void Indent(StringBuilder output, int depth) => output.Append(' ', depth * 2);

    private static void AppendKey(StringBuilder output, string key)
    {
        if (IsIdentifier(key))
        {
            output.Append(key);
        }
        else
        {
            AppendQuoted(output, key);
        }
    }

    private static bool IsIdentifier(string key)
    {
        if (key.Length == 0 || !(char.IsLetter(key[0]) || key[0] == '_'))
        {
            return false;
        }

        foreach (var c in key)
        {
            if (!(char.IsLetterOrDigit(c) || c is '_' or '-' or '.'))
            {
                return false;
            }
        }

        return true;
    }

    private static void AppendQuoted(StringBuilder output, string text)
    {
        output.Append('"');
        foreach (var c in text)
        {
            switch (c)
            {
                case '"': output.Append("\\\""); break;
                case '\\': output.Append("\\\\"); break;
                case '\n': output.Append("\\n"); break;
                case '\r': output.Append("\\r"); break;
                case '\t': output.Append("\\t"); break;
                default:
                    if (char.IsControl(c))
                    {
                        output.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        output.Append(c);
                    }

                    break;
            }
        }

        output.Append('"');
    }
}
