using System.Text;

namespace Coffer.Api;

/// <summary>An HTTP answer as received, before any envelope parsing.</summary>
public sealed class RawResponse
{
    public RawResponse(string method, string url, int statusCode, byte[] body, string? contentType)
    {
        Method = method;
        Url = url;
        StatusCode = statusCode;
        Body = body;
        ContentType = contentType;
    }

    public string Method { get; }
    public string Url { get; }
    public int StatusCode { get; }
    public byte[] Body { get; }
    public string? ContentType { get; }

    public string BodyText => Encoding.UTF8.GetString(Body);

    public bool IsSuccess => StatusCode is >= 200 and < 400;
}
