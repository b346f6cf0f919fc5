namespace Coffer.Core.Hcl;

/// <summary>
/// Reads blocks whichever way they were written. HCL 2 style is <c>path "secret/*" { ... }</c>; HCL 1 and
/// the JSON form also allow <c>path = { "secret/*" = { ... } }</c>, a list of such objects, or a block with
/// fewer labels whose body holds the rest. All of them come out as blocks with the requested number of
/// labels, in source order, positioned where each was written.
/// </summary>
public static class HclBlocks
{
    /// <exception cref="HclParseException">The item cannot be read as blocks with that many labels.</exception>
    public static IReadOnlyList<HclBlock> Expand(HclBodyItem item, int labelCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(labelCount);
        var result = new List<HclBlock>();
        switch (item)
        {
            case HclBlock block when block.Labels.Count == labelCount:
                result.Add(block);
                break;
            case HclBlock block when block.Labels.Count > labelCount:
                throw new HclParseException(
                    $"block \"{block.Type}\" takes {LabelWords(labelCount)}, found {block.Labels.Count}", block.Line, block.Column);
            case HclBlock block:
                AddFromValue(result, block.Type, [.. block.Labels], block.Body.ToObject(), labelCount - block.Labels.Count, block);
                break;
            case HclAttribute attribute:
                AddFromValue(result, attribute.Name, [], attribute.Value, labelCount, attribute);
                break;
        }

        return result;
    }

    private static void AddFromValue(List<HclBlock> result, string type, List<string> labels, HclValue value, int remaining, HclNode writtenAt)
    {
        switch (value)
        {
            case HclObject obj when remaining == 0:
                result.Add(new HclBlock(type, labels.ToArray(), HclBody.FromObject(obj), writtenAt.Line, writtenAt.Column));
                break;
            case HclObject obj:
                foreach (var entry in obj.Items)
                {
                    labels.Add(entry.Name);
                    AddFromValue(result, type, labels, entry.Value, remaining - 1, entry);
                    labels.RemoveAt(labels.Count - 1);
                }

                break;
            case HclList list:
                foreach (var element in list.Items)
                {
                    AddFromValue(result, type, labels, element, remaining, element);
                }

                break;
            default:
                throw new HclParseException(
                    $"\"{type}\" must be a block (or an object), found a {value.KindName}", value.Line, value.Column);
        }
    }

    private static string LabelWords(int count) => count switch
    {
        0 => "no labels",
        1 => "one label",
        _ => $"{count} labels",
    };
}
