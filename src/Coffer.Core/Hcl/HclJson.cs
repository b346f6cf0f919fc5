namespace Coffer.Core.Hcl;

/// <summary>
/// Reads the JSON form of an HCL document into the same tree as <see cref="HclParser"/>. The top level
/// must be an object; each member becomes an attribute and JSON objects become <see cref="HclObject"/>
/// values. JSON cannot tell a block from an object-valued attribute, so blocks are recovered where they
/// are read: <see cref="HclBody.BlocksOfType"/> turns <c>{"path": {"secret/*": {...}}}</c> into
/// <c>path "secret/*" { ... }</c>.
/// </summary>
public static class HclJson
{
    /// <exception cref="HclParseException">The text is not valid JSON, or its top level is not an object.</exception>
    public static HclBody Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        var root = new HclJsonReader(json).ReadDocument();
        if (root is not HclObject obj)
        {
            throw new HclParseException("the document must be a JSON object", root.Line, root.Column);
        }

        return new HclBody(obj.Items, obj.Line, obj.Column);
    }
}
