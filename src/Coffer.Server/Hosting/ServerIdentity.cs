namespace Coffer.Server.Hosting;

/// <summary>Version facts the server reports (seal-status <c>build_date</c>).</summary>
public sealed record ServerIdentity(string BuildDate)
{
    public static ServerIdentity Current { get; } = new(
        File.GetLastWriteTimeUtc(typeof(ServerIdentity).Assembly.Location).ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture));
}
