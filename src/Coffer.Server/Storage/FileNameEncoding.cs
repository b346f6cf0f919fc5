using System.Text;

namespace Coffer.Server.Storage;

/// <summary>
/// Turns one key segment into a file or directory name and back, so that any segment (spaces, '%',
/// unicode, "..", ...) names exactly one entry inside its parent directory and never another place.
/// </summary>
/// <remarks>
/// The encoding escapes, as <c>%XX</c> (upper-case hex of the ASCII byte): control characters, '%' itself,
/// the characters Windows file systems reject (<c>\ : * ? " &lt; &gt; |</c>, so a copied data directory stays
/// readable there), and a leading '.' or '_'. Everything else, non-ASCII included, is kept as is. So an
/// encoded name never is "." or "..", never contains '/', and never starts with '.' (reserved for the
/// backend's own files) or '_' (the marker of a key's file). Decoding accepts only canonical names, which
/// makes it the exact inverse and lets listings skip anything the backend did not write.
/// File names are compared byte for byte: the backend assumes a case-sensitive file system that does
/// not normalise unicode (ext4, xfs, btrfs, tmpfs).
/// </remarks>
internal static class FileNameEncoding
{
    /// <summary>The longest file name common Linux file systems accept, in UTF-8 bytes.</summary>
    public const int MaxNameBytes = 255;

    private const string Escaped = "%\\:*?\"<>|";

    /// <summary>
    /// Encodes <paramref name="segment"/>; false when it holds a '/' (not a single segment) or an unpaired
    /// surrogate, which no file name can carry.
    /// </summary>
    public static bool TryEncode(ReadOnlySpan<char> segment, out string encoded)
    {
        var builder = new StringBuilder(segment.Length + 8);
        for (var i = 0; i < segment.Length; i++)
        {
            var c = segment[i];
            if (char.IsHighSurrogate(c))
            {
                if (i + 1 >= segment.Length || !char.IsLowSurrogate(segment[i + 1]))
                {
                    encoded = "";
                    return false;
                }

                builder.Append(c).Append(segment[++i]);
            }
            else if (char.IsLowSurrogate(c) || c == '/')
            {
                encoded = "";
                return false;
            }
            else if (MustEscape(c, isFirst: i == 0))
            {
                builder.Append('%').Append(((int)c).ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
            else
            {
                builder.Append(c);
            }
        }

        encoded = builder.ToString();
        return true;
    }

    /// <summary>Decodes a name written by <see cref="TryEncode"/>; false for any name that encoding could not have produced.</summary>
    public static bool TryDecode(string name, out string segment)
    {
        var builder = new StringBuilder(name.Length);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (c != '%')
            {
                builder.Append(c);
                continue;
            }

            if (i + 2 >= name.Length || !TryHexDigit(name[i + 1], out var high) || !TryHexDigit(name[i + 2], out var low))
            {
                segment = "";
                return false;
            }

            builder.Append((char)(high * 16 + low));
            i += 2;
        }

        segment = builder.ToString();

        // Canonical check: "%41" for 'A', lower-case hex, or an unescaped leading '.' would decode too,
        // but only the one name TryEncode produces may stand for a segment.
        return TryEncode(segment, out var canonical) && string.Equals(canonical, name, StringComparison.Ordinal);
    }

    /// <summary>Whether <paramref name="name"/> fits in one directory entry.</summary>
    public static bool FitsInName(string name) => Encoding.UTF8.GetByteCount(name) <= MaxNameBytes;

    private static bool MustEscape(char c, bool isFirst) =>
        c < 0x20 || c == 0x7F || Escaped.Contains(c, StringComparison.Ordinal) || (isFirst && (c == '.' || c == '_'));

    private static bool TryHexDigit(char c, out int value)
    {
        // Upper-case only: canonical names never use lower-case hex.
        value = c switch
        {
            >= '0' and <= '9' => c - '0',
            >= 'A' and <= 'F' => c - 'A' + 10,
            _ => -1,
        };
        return value >= 0;
    }
}
