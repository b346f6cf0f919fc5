using System.Security.Cryptography;

namespace Coffer.Core.Seal;

/// <summary>
/// Shamir secret sharing over GF(2^8), byte for byte compatible in layout with Vault's shares:
/// each share is the polynomial values for every secret byte followed by its x-coordinate.
/// </summary>
public static class Shamir
{
    /// <summary>Bytes a share adds to the secret: the trailing x-coordinate.</summary>
    public const int ShareOverhead = 1;

    private const int MaximumParts = 255;

    /// <summary>
    /// Splits <paramref name="secret"/> into <paramref name="parts"/> shares, any
    /// <paramref name="threshold"/> of which recover it while fewer reveal nothing about it.
    /// </summary>
    public static byte[][] Split(ReadOnlySpan<byte> secret, int parts, int threshold)
    {
        if (parts < threshold)
        {
            throw new ArgumentException("parts cannot be less than threshold", nameof(parts));
        }

        if (parts > MaximumParts)
        {
            throw new ArgumentException("parts cannot exceed 255", nameof(parts));
        }

        if (threshold < 2)
        {
            throw new ArgumentException("threshold must be at least 2", nameof(threshold));
        }

        if (threshold > MaximumParts)
        {
            throw new ArgumentException("threshold cannot exceed 255", nameof(threshold));
        }

        if (secret.IsEmpty)
        {
            throw new ArgumentException("cannot split an empty secret", nameof(secret));
        }

        // Distinct, non-zero x-coordinates in random order (evaluating at 0 would hand out the secret).
        // A partial Fisher-Yates shuffle of 1..255: only the first `parts` positions are ever used, and
        // each CSPRNG draw is costly, so the shuffle stops there; the prefix is uniformly distributed.
        Span<byte> xCoordinates = stackalloc byte[MaximumParts];
        for (var i = 0; i < MaximumParts; i++)
        {
            xCoordinates[i] = (byte)(i + 1);
        }

        for (var i = 0; i < parts; i++)
        {
            var j = RandomNumberGenerator.GetInt32(i, MaximumParts);
            (xCoordinates[i], xCoordinates[j]) = (xCoordinates[j], xCoordinates[i]);
        }

        var shares = new byte[parts][];
        for (var i = 0; i < parts; i++)
        {
            shares[i] = new byte[secret.Length + ShareOverhead];
            shares[i][secret.Length] = xCoordinates[i];
        }

        // One fresh polynomial of degree threshold - 1 per secret byte, intercept = that byte.
        // Coefficients are uniform (zero included); that is what makes fewer shares reveal nothing.
        // All random coefficients come from one CSPRNG call and are wiped afterwards.
        var degree = threshold - 1;
        var randomCoefficients = new byte[checked(secret.Length * degree)];
        Span<byte> coefficients = stackalloc byte[threshold];
        try
        {
            RandomNumberGenerator.Fill(randomCoefficients);
            for (var index = 0; index < secret.Length; index++)
            {
                coefficients[0] = secret[index];
                randomCoefficients.AsSpan(index * degree, degree).CopyTo(coefficients[1..]);
                for (var i = 0; i < parts; i++)
                {
                    shares[i][index] = Evaluate(coefficients, xCoordinates[i]);
                }
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(randomCoefficients);
            CryptographicOperations.ZeroMemory(coefficients);
        }

        return shares;
    }

    /// <summary>
    /// Recovers the secret from shares produced by <see cref="Split"/>. With fewer shares than the
    /// threshold the result is a well-formed but unrelated byte string: nothing detects that case.
    /// </summary>
    public static byte[] Combine(IReadOnlyList<byte[]> parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        if (parts.Count < 2)
        {
            throw new ArgumentException("less than two parts cannot be used to reconstruct the secret", nameof(parts));
        }

        var shareLength = parts[0]?.Length ?? throw new ArgumentNullException(nameof(parts), "a part is null");
        if (shareLength < 2)
        {
            throw new ArgumentException("parts must be at least two bytes", nameof(parts));
        }

        Span<bool> seen = stackalloc bool[256];
        var xCoordinates = new byte[parts.Count];
        for (var i = 0; i < parts.Count; i++)
        {
            var part = parts[i] ?? throw new ArgumentNullException(nameof(parts), "a part is null");
            if (part.Length != shareLength)
            {
                throw new ArgumentException("all parts must be the same length", nameof(parts));
            }

            var x = part[shareLength - 1];
            if (seen[x])
            {
                throw new ArgumentException("duplicate part detected", nameof(parts));
            }

            seen[x] = true;
            xCoordinates[i] = x;
        }

        // Lagrange interpolation at x = 0. The basis weights depend only on the x-coordinates,
        // so they are computed once and reused for every byte of the secret.
        var weights = LagrangeWeightsAtZero(xCoordinates);
        var secret = new byte[shareLength - ShareOverhead];
        for (var index = 0; index < secret.Length; index++)
        {
            byte value = 0;
            for (var i = 0; i < parts.Count; i++)
            {
                value = GaloisField256.Add(value, GaloisField256.Multiply(parts[i][index], weights[i]));
            }

            secret[index] = value;
        }

        return secret;
    }

    /// <summary>Horner's rule: c0 + x(c1 + x(c2 + ...)).</summary>
    private static byte Evaluate(ReadOnlySpan<byte> coefficients, byte x)
    {
        var result = coefficients[^1];
        for (var degree = coefficients.Length - 2; degree >= 0; degree--)
        {
            result = GaloisField256.Add(GaloisField256.Multiply(result, x), coefficients[degree]);
        }

        return result;
    }

    /// <summary>
    /// w_j = Π_{m≠j} (0 - x_m) / (x_j - x_m); in characteristic 2 subtraction is XOR and 0 - x_m = x_m.
    /// </summary>
    private static byte[] LagrangeWeightsAtZero(byte[] xCoordinates)
    {
        var weights = new byte[xCoordinates.Length];
        for (var j = 0; j < xCoordinates.Length; j++)
        {
            byte weight = 1;
            for (var m = 0; m < xCoordinates.Length; m++)
            {
                if (m == j)
                {
                    continue;
                }

                var factor = GaloisField256.Divide(xCoordinates[m], GaloisField256.Add(xCoordinates[j], xCoordinates[m]));
                weight = GaloisField256.Multiply(weight, factor);
            }

            weights[j] = weight;
        }

        return weights;
    }
}
