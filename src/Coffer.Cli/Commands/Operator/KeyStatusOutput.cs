using System.Globalization;
using System.Text.Json.Nodes;
using Coffer.Api.Sys;
using Coffer.Cli.Output;

namespace Coffer.Cli.Commands.Operator;

/// <summary>The keyring status printed by <c>key-status</c> and <c>rotate</c>.</summary>
internal static class KeyStatusOutput
{
    public static string Table(KeyStatus status) => Columns.Format(
    [
        ["Key Term", status.Term.ToString(CultureInfo.InvariantCulture)],
        ["Install Time", Rfc822Utc(status.InstallTime)],
        ["Encryption Count", status.Encryptions.ToString(CultureInfo.InvariantCulture)],
    ]);

    public static JsonObject Json(KeyStatus status) => new()
    {
        ["term"] = status.Term,
        ["install_time"] = status.InstallTime,
        ["encryptions"] = status.Encryptions,
    };

    /// <summary>RFC 822 layout in UTC (<c>29 May 15 21:50 UTC</c>).</summary>
    private static string Rfc822Utc(string rfc3339) =>
        DateTimeOffset.TryParse(rfc3339, CultureInfo.InvariantCulture, DateTimeStyles.None, out var time)
            ? time.UtcDateTime.ToString("dd MMM yy HH:mm", CultureInfo.InvariantCulture) + " UTC"
            : rfc3339;
}
