// Entry point of the `coffer` executable; commands are registered in CommandTree.
return Coffer.Cli.CliApplication.Run(args);
