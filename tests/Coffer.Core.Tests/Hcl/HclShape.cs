using System.Text;
using System.Text.Json;
using Coffer.Core.Hcl;

namespace Coffer.Core.Tests.Hcl;

/// <summary>
/// A position-free rendering of a tree, independent of <see cref="HclWriter"/>, so two trees can be
/// compared structurally (the round-trip test must not judge the printer by the printer).
/// </summary>
internal static class HclShape
{
    public static string Of(HclBody body)
    {
        var output = new StringBuilder();
        AppendBody(output, body);
        return output.ToString();
    }

    public static string Of(HclValue value)
    {
        var output = new StringBuilder();
        AppendValue(output, value);
        return output.ToString();
    }

    private static void AppendBody(StringBuilder output, HclBody body)
    {
        output.Append("(body");
        foreach (var item in body.Items)
        {
            output.Append(' ');
            switch (item)
            {
                case HclAttribute attribute:
                    output.Append("(attr ").Append(Json(attribute.Name)).Append(' ');
                    AppendValue(output, attribute.Value);
                    output.Append(')');
                    break;
                case HclBlock block:
                    output.Append("(block ").Append(Json(block.Type)).Append(" [");
                    output.AppendJoin(',', block.Labels.Select(Json));
                    output.Append("] ");
                    AppendBody(output, block.Body);
                    output.Append(')');
                    break;
            }
        }

        output.Append(')');
    }

    private static void AppendValue(StringBuilder output, HclValue value)
    {
        switch (value)
        {
            case HclString text:
                output.Append("(str ").Append(Json(text.Value)).Append(')');
                break;
            case HclNumber number:
                output.Append("(num ").Append(number.Text).Append(')');
                break;
            case HclBool boolean:
                output.Append(boolean.Value ? "(bool true)" : "(bool false)");
                break;
            case HclList list:
                output.Append("(list");
                foreach (var item in list.Items)
                {
                    output.Append(' ');
                    AppendValue(output, item);
                }

                output.Append(')');
                break;
            case HclObject obj:
                output.Append("(obj");
                foreach (var item in obj.Items)
                {
                    output.Append(' ').Append(Json(item.Name)).Append('=');
                    AppendValue(output, item.Value);
                }

                output.Append(')');
                break;
        }
    }

    private static string Json(string text) => JsonSerializer.Serialize(text);
}
