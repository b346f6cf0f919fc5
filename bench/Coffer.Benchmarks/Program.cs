using BenchmarkDotNet.Running;

// Every benchmark class in this assembly is selectable with --filter; see bench/README.md.
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
