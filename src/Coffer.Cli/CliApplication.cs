namespace Coffer.Cli;

internal static class CliApplication
{
    public static int Run(string[] args)
    {
        Console.Error.WriteLine("coffer: no commands are registered yet");
        return 1;
    }
}
