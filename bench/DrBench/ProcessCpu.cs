namespace Coffer.Bench.DrBench;

/// <summary>
/// CPU seconds (user + system) a process has used so far, from <c>/proc/PID/stat</c>. On a shared two-core machine
/// the secondary's work competes with the primary's; this shows how much of it there was.
/// </summary>
internal static class ProcessCpu
{
    // USER_HZ, the unit of utime and stime; 100 on every Linux this runs on.
    private const double TicksPerSecond = 100;

    public static double Seconds(int pid)
    {
        if (pid <= 0)
        {
            return double.NaN;
        }

        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");

            // The command name (field 2) may hold spaces; the fields after its closing parenthesis do not.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return (long.Parse(fields[11], System.Globalization.CultureInfo.InvariantCulture)
                + long.Parse(fields[12], System.Globalization.CultureInfo.InvariantCulture)) / TicksPerSecond;
        }
        catch (IOException)
        {
            return double.NaN;
        }
    }
}
