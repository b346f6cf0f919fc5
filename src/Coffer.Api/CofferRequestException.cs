namespace Coffer.Api;

/// <summary>A request that did not produce a usable answer: transport failure or HTTP error.</summary>
public class CofferRequestException : Exception
{
    public CofferRequestException(string method, string url, string message, Exception? inner = null)
        : base(message, inner)
    {
        Method = method;
        Url = url;
    }

    /// <summary>HTTP method in upper case, as sent.</summary>
    public string Method { get; }

    /// <summary>Full request URL including the query string.</summary>
    public string Url { get; }
}
