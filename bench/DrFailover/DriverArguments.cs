using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Coffer.Bench.DrFailover;

/// <summary>The driver's command line: a command (<c>recovery</c> or <c>serve</c>) and its options.</summary>
internal sealed class DriverArguments
{
    public string Command { get; private init; } = string.Empty;

    public int Runs { get; private set; } = 5;

    public bool Demote { get; private set; }

    public string PidFile { get; private set; } = string.Empty;

    public string ReadyFile { get; private set; } = string.Empty;

    public static bool TryParse(IReadOnlyList<string> args, [NotNullWhen(true)] out DriverArguments? parsed, out string problem)
    {
        parsed = null;
        problem = string.Empty;
        var options = new DriverArguments { Command = args[0] };
        if (options.Command is not ("recovery" or "serve"))
        {
            problem = $"unknown command '{options.Command}'";
            return false;
        }

        for (var i = 1; i < args.Count; i++)
        {
            var value = i + 1 < args.Count ? args[i + 1] : null;
            switch (args[i])
            {
                case "--runs" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var runs) && runs is >= 1 and <= 20:
                    options.Runs = runs;
                    i++;
                    break;
                case "--demote":
                    options.Demote = true;
                    break;
                case "--pid-file" when value is not null:
                    options.PidFile = value;
                    i++;
                    break;
                case "--ready-file" when value is not null:
                    options.ReadyFile = value;
                    i++;
                    break;
                default:
                    problem = $"bad argument '{args[i]}' (--runs takes 1 to 20)";
                    return false;
            }
        }

        if (options.PidFile.Length == 0 || (options.Command == "serve" && options.ReadyFile.Length == 0))
        {
            problem = "--pid-file is required, and serve needs --ready-file";
            return false;
        }

        parsed = options;
        return true;
    }
}
