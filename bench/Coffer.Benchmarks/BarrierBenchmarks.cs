using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using Coffer.Core.Barrier;
using Coffer.Sdk.Physical;

namespace Coffer.Benchmarks;

/// <summary>
/// The barrier's per-value cost, without storage: target under 2 µs for a 1 KiB round trip and one
/// allocation per output buffer (the ciphertext, then the plaintext). The AesGcmOnly row is the floor:
/// the framework primitive alone with a fixed nonce and preallocated buffers, so the gap is the
/// barrier's own overhead.
/// </summary>
[MemoryDiagnoser]
public class BarrierBenchmarks
{
    private const string Path = "logical/5f2c9a7e-1b3d-4c8e-9f01-23456789abcd/data/app/config";

    private readonly byte[] _payload = new byte[1024];
    private readonly byte[] _scratchCiphertext = new byte[1024];
    private readonly byte[] _scratchPlaintext = new byte[1024];
    private readonly byte[] _scratchTag = new byte[16];
    private readonly byte[] _fixedNonce = new byte[12];
    private readonly AesGcm _primitive = new(RandomNumberGenerator.GetBytes(32), 16);
    private AesGcmBarrier _barrier = null!;
    private byte[] _ciphertext = [];

    [GlobalSetup]
    public async Task SetupAsync()
    {
        Random.Shared.NextBytes(_payload);
        _barrier = new AesGcmBarrier(new InMemoryBackend(), TimeProvider.System);
        var rootKey = AesGcmBarrier.GenerateKey();
        await _barrier.InitializeAsync(rootKey);
        await _barrier.UnsealAsync(rootKey);
        _ciphertext = _barrier.Encrypt(Path, _payload);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _barrier.Seal();
        _primitive.Dispose();
    }

    [Benchmark]
    public byte[] Encrypt1KiB() => _barrier.Encrypt(Path, _payload);

    [Benchmark]
    public byte[] Decrypt1KiB() => _barrier.Decrypt(Path, _ciphertext);

    [Benchmark(Baseline = true)]
    public byte[] EncryptDecrypt1KiB() => _barrier.Decrypt(Path, _barrier.Encrypt(Path, _payload));

    [Benchmark]
    public byte[] AesGcmOnlyEncryptDecrypt1KiB()
    {
        _primitive.Encrypt(_fixedNonce, _payload, _scratchCiphertext, _scratchTag);
        _primitive.Decrypt(_fixedNonce, _scratchCiphertext, _scratchTag, _scratchPlaintext);
        return _scratchPlaintext;
    }
}
