using System.Text.Json.Nodes;
using Coffer.Core.Hcl;

namespace Coffer.Core.Policies;

/// <summary>HCL values as JSON nodes, the form request data arrives in, so policy values compare with it directly.</summary>
internal static class HclJsonNodes
{
    public static JsonNode? ToJsonNode(HclValue value)
    {
        switch (value)
        {
            case HclString text:
                return JsonValue.Create(text.Value);
            case HclBool boolean:
                return JsonValue.Create(boolean.Value);
            case HclNumber number when number.TryGetInt64(out var integer):
                return JsonValue.Create(integer);
            case HclNumber number:
                return JsonValue.Create(number.ToDouble());
            case HclList list:
                var array = new JsonArray();
                foreach (var item in list.Items)
                {
                    array.Add(ToJsonNode(item));
                }

                return array;
            case HclObject obj:
                var result = new JsonObject();
                foreach (var item in obj.Items)
                {
                    result[item.Name] = ToJsonNode(item.Value);
                }

                return result;
            default:
                throw new ArgumentOutOfRangeException(nameof(value), value.KindName, "unknown HCL value");
        }
    }
}
