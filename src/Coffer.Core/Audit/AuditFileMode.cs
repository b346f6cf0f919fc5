namespace Coffer.Core.Audit;

/// <summary>The <c>mode</c> option of the file audit device: the audit file's permissions, as chmod writes them.</summary>
internal static class AuditFileMode
{
    public const UnixFileMode Default = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private const UnixFileMode AnyExecute = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;

    /// <summary>
    /// The mode in <paramref name="text"/> (octal, such as <c>0640</c>), or <see cref="Default"/> when none is given.
    /// <c>0000</c> means "leave an existing file's mode alone". An audit file is never executable.
    /// </summary>
    /// <exception cref="ArgumentException">Not an octal mode, or one with an execute bit.</exception>
    public static UnixFileMode Parse(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return Default;
        }

        if (text.Length > 12 || !text.All(c => c is >= '0' and <= '7') || Convert.ToInt64(text, 8) > 0b111_111_111_111)
        {
            throw new ArgumentException($"invalid file mode \"{text}\": expected an octal mode such as 0600");
        }

        var mode = (UnixFileMode)Convert.ToInt32(text, 8);
        return (mode & AnyExecute) == 0
            ? mode
            : throw new ArgumentException($"invalid file mode \"{text}\": file audit devices cannot use file modes with executable permissions");
    }
}
