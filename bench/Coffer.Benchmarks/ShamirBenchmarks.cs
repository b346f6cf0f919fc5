using BenchmarkDotNet.Attributes;
using Coffer.Core.Seal;

namespace Coffer.Benchmarks;

/// <summary>Shamir over a 32-byte root key with Vault's default 5 shares / threshold 3.</summary>
[MemoryDiagnoser]
public class ShamirBenchmarks
{
    private readonly byte[] _secret = new byte[32];
    private byte[][] _threeShares = [];

    [GlobalSetup]
    public void Setup()
    {
        Random.Shared.NextBytes(_secret);
        _threeShares = Shamir.Split(_secret, 5, 3)[1..4];
    }

    [Benchmark]
    public byte[][] Split32Bytes5Of3() => Shamir.Split(_secret, 5, 3);

    [Benchmark]
    public byte[] Combine3Shares() => Shamir.Combine(_threeShares);
}
