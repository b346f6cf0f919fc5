using System.Text.Json;
using Coffer.Core.Ha;
using Coffer.Core.Json;
using Coffer.Core.Storage;
using Coffer.Sdk.Logical;
using Coffer.Sdk.Physical;

namespace Coffer.Core;

/// <summary>Where this cluster keeps its autopilot settings (see <see cref="CorePaths.AutopilotSettings"/>).</summary>
public sealed partial class CofferCore
{
    /// <summary>The stored settings; those of the earlier, replicated location if none are stored yet; else the defaults.</summary>
    internal async Task<AutopilotSettings> LoadAutopilotSettingsAsync(CancellationToken cancellationToken)
    {
        var stored = await _physical.GetAsync(CorePaths.AutopilotSettings, cancellationToken).ConfigureAwait(false);
        if (stored is not null)
        {
            return JsonSerializer.Deserialize(stored.Value, CoreJsonContext.Default.AutopilotSettings) ?? new AutopilotSettings();
        }

        return await Storage.GetJsonAsync(CorePaths.AutopilotSettingsBefore, CoreJsonContext.Default.AutopilotSettings, cancellationToken).ConfigureAwait(false)
            ?? new AutopilotSettings();
    }

    internal Task SaveAutopilotSettingsAsync(AutopilotSettings settings, CancellationToken cancellationToken) =>
        _physical.PutAsync(
            new PhysicalEntry(CorePaths.AutopilotSettings, JsonSerializer.SerializeToUtf8Bytes(settings, CoreJsonContext.Default.AutopilotSettings)),
            cancellationToken);
}
