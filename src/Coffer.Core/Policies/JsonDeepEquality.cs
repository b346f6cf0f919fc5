using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Coffer.Core.Policies;

/// <summary>
/// Structural equality of JSON values for parameter matching: same kind, numbers equal as numbers
/// (<c>1</c> equals <c>1.0</c>), objects with the same members, arrays element by element.
/// </summary>
internal static class JsonDeepEquality
{
    public static bool AreEqual(JsonNode? left, JsonNode? right)
    {
        if (left is null || right is null)
        {
            return left is null && right is null;
        }

        var kind = left.GetValueKind();
        if (kind != right.GetValueKind())
        {
            return false;
        }

        switch (kind)
        {
            case JsonValueKind.Object:
                var leftObject = left.AsObject();
                var rightObject = right.AsObject();
                if (leftObject.Count != rightObject.Count)
                {
                    return false;
                }

                foreach (var (name, value) in leftObject)
                {
                    if (!rightObject.TryGetPropertyValue(name, out var other) || !AreEqual(value, other))
                    {
                        return false;
                    }
                }

                return true;
            case JsonValueKind.Array:
                var leftArray = left.AsArray();
                var rightArray = right.AsArray();
                if (leftArray.Count != rightArray.Count)
                {
                    return false;
                }

                for (var i = 0; i < leftArray.Count; i++)
                {
                    if (!AreEqual(leftArray[i], rightArray[i]))
                    {
                        return false;
                    }
                }

                return true;
            case JsonValueKind.String:
                return string.Equals(left.GetValue<string>(), right.GetValue<string>(), StringComparison.Ordinal);
            case JsonValueKind.Number:
                return NumbersEqual(left.ToJsonString(), right.ToJsonString());
            default:
                // true, false and null carry no value beyond their kind.
                return true;
        }
    }

    private static bool NumbersEqual(string left, string right)
    {
        if (decimal.TryParse(left, NumberStyles.Float, CultureInfo.InvariantCulture, out var leftDecimal)
            && decimal.TryParse(right, NumberStyles.Float, CultureInfo.InvariantCulture, out var rightDecimal))
        {
            return leftDecimal == rightDecimal;
        }

        return double.Parse(left, NumberStyles.Float, CultureInfo.InvariantCulture)
            == double.Parse(right, NumberStyles.Float, CultureInfo.InvariantCulture);
    }
}
