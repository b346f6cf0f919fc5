// Each test runs a cluster of three server processes; several at once on a small machine would fight over the CPU
// and turn election timeouts into flakiness. One collection for the assembly runs them one after another.
[assembly: CollectionBehavior(CollectionBehavior.CollectionPerAssembly)]
