using System.Collections.Concurrent;
using Coffer.Core.Barrier;
using Coffer.Sdk.Errors;
using Coffer.Sdk.Logical;

namespace Coffer.Core.Tests.Barrier;

public sealed class AesGcmBarrierConcurrencyTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task EncryptDecrypt_ManyTasksWhileRotating_AllRoundTrip()
    {
        var test = await TestBarrier.UnsealedAsync();
        var failures = new ConcurrentQueue<string>();

        var workers = Enumerable.Range(0, 32).Select(worker => Task.Run(() =>
        {
            var random = new Random(worker);
            for (var i = 0; i < 500; i++)
            {
                var plaintext = new byte[random.Next(0, 2048)];
                random.NextBytes(plaintext);
                var aad = $"worker/{worker}/{i}";
                var ciphertext = test.Barrier.Encrypt(aad, plaintext);
                if (!plaintext.AsSpan().SequenceEqual(test.Barrier.Decrypt(aad, ciphertext)))
                {
                    failures.Enqueue(aad);
                }
            }
        }, Ct)).ToList();
        var rotations = Task.Run(async () =>
        {
            for (var i = 0; i < 10; i++)
            {
                await test.Barrier.RotateAsync(Ct);
            }
        }, Ct);

        await Task.WhenAll([.. workers, rotations]);

        Assert.Empty(failures);
        Assert.Equal(11, test.Barrier.GetKeyStatus().Term);
    }

    [Fact]
    public async Task PutGet_ManyTasksOnDistinctKeys_EveryValueReadsBack()
    {
        var test = await TestBarrier.UnsealedAsync();

        await Task.WhenAll(Enumerable.Range(0, 16).Select(worker => Task.Run(async () =>
        {
            for (var i = 0; i < 100; i++)
            {
                await test.Barrier.PutAsync(new StorageEntry($"w/{worker}/{i}", BitConverter.GetBytes((worker * 1000) + i)), Ct);
            }
        }, Ct)));

        var restarted = await test.RestartAsync();
        for (var worker = 0; worker < 16; worker++)
        {
            for (var i = 0; i < 100; i++)
            {
                var entry = await restarted.GetAsync($"w/{worker}/{i}", Ct);
                Assert.Equal((worker * 1000) + i, BitConverter.ToInt32(entry!.Value));
            }
        }
    }

    [Fact]
    public async Task Seal_DuringTraffic_OperationsEitherSucceedCorrectlyOrFailAsSealed()
    {
        var test = await TestBarrier.UnsealedAsync();
        var unexpected = new ConcurrentQueue<Exception>();
        var wrong = 0;
        using var started = new CountdownEvent(8);

        var workers = Enumerable.Range(0, 8).Select(worker => Task.Run(() =>
        {
            var plaintext = BitConverter.GetBytes(worker);
            started.Signal();
            for (var i = 0; i < 20_000; i++)
            {
                try
                {
                    var ciphertext = test.Barrier.Encrypt("x", plaintext);
                    if (!plaintext.AsSpan().SequenceEqual(test.Barrier.Decrypt("x", ciphertext)))
                    {
                        Interlocked.Increment(ref wrong);
                    }
                }
                catch (CofferException exception) when (exception.Kind == ErrorKind.Sealed)
                {
                    return;
                }
                catch (Exception exception)
                {
                    unexpected.Enqueue(exception);
                    return;
                }
            }
        }, Ct)).ToList();

        started.Wait(Ct);
        test.Barrier.Seal();
        await Task.WhenAll(workers);

        Assert.Empty(unexpected);
        Assert.Equal(0, wrong);
        Assert.True(test.Barrier.IsSealed);
    }
}
