namespace Coffer.Server.Storage;

/// <summary>Where one key lives: the file holding its value and the directories leading to it.</summary>
/// <param name="DirectoryNames">Encoded folder segments from the root down to the file's directory.</param>
/// <param name="Directory">Full path of the directory holding the file.</param>
/// <param name="FilePath">Full path of the key's file.</param>
internal sealed record FileKeyLocation(IReadOnlyList<string> DirectoryNames, string Directory, string FilePath);
