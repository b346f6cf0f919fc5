using System.Text;
using System.Text.Json.Nodes;

namespace Coffer.Api;

/// <summary>
/// The server answered with a status of 400 or more. The message is laid out like the Go client's
/// so that CLI output matches what operators already grep for.
/// </summary>
public sealed class ApiException : CofferRequestException
{
    public ApiException(string method, string url, int statusCode, IReadOnlyList<string> errors, string? rawBody)
        : base(method, url, FormatMessage(method, url, statusCode, errors, rawBody))
    {
        StatusCode = statusCode;
        Errors = errors;
        RawBody = rawBody;
    }

    public int StatusCode { get; }

    /// <summary>The <c>errors</c> array of the body; empty when the body had none or was not JSON.</summary>
    public IReadOnlyList<string> Errors { get; }

    /// <summary>The body when it could not be read as an error envelope; null otherwise.</summary>
    public string? RawBody { get; }

    internal static ApiException FromResponse(RawResponse response)
    {
        var text = response.BodyText;
        try
        {
            if (JsonNode.Parse(text.Length == 0 ? "{}" : text) is JsonObject obj)
            {
                var errors = new List<string>();
                if (obj["errors"] is JsonArray array)
                {
                    foreach (var item in array)
                    {
                        errors.Add(item is JsonValue v && v.TryGetValue<string>(out var s) ? s : item?.ToJsonString() ?? "");
                    }
                }
                return new ApiException(response.Method, response.Url, response.StatusCode, errors, null);
            }
        }
        catch (System.Text.Json.JsonException)
        {
            // Not JSON: report the body verbatim, as the Go client does.
        }
        return new ApiException(response.Method, response.Url, response.StatusCode, [], text);
    }

    private static string FormatMessage(string method, string url, int statusCode, IReadOnlyList<string> errors, string? rawBody)
    {
        var sb = new StringBuilder();
        sb.Append("Error making API request.\n\n");
        sb.Append("URL: ").Append(method).Append(' ').Append(url).Append('\n');
        if (rawBody is not null)
        {
            sb.Append("Code: ").Append(statusCode).Append(". Raw Message:\n\n").Append(rawBody);
            return sb.ToString();
        }
        sb.Append("Code: ").Append(statusCode).Append(". Errors:\n\n");
        sb.Append(string.Join("\n", errors.Select(e => "* " + e)));
        return sb.ToString();
    }
}
