// Entry point of the `coffer` executable; commands are registered in CommandTree.
using Coffer.Cli;

using var interrupt = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    // The first Ctrl+C asks the running command (or server) to stop; a second one ends the process.
    if (!interrupt.IsCancellationRequested)
    {
        e.Cancel = true;
        interrupt.Cancel();
    }
};
return await CliApplication.RunAsync(args, CliEnvironment.FromProcess(), interrupt.Token);
