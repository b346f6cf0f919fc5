// Entry point of the `coffer` executable; commands are registered in CommandTree.
using Coffer.Cli;
using Coffer.Server.Hosting;

// `coffer server` started under nohup or as a background job still stops on SIGINT and reopens its audit files on
// SIGHUP, as Vault does; this has to happen before the first handler is registered below.
if (args is ["server", ..])
{
    InheritedSignalIgnores.Clear();
}

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
