// Each test runs two clusters of server processes (up to six); several at once on a small machine would fight over
// the CPU and turn election and heartbeat timeouts into flakiness. One collection runs them one after another.
[assembly: CollectionBehavior(CollectionBehavior.CollectionPerAssembly)]
