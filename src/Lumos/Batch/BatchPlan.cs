using Lumos.Imaging;
using Microsoft.Extensions.FileSystemGlobbing;

namespace Lumos.Batch;

/// <summary>One input image and where its result goes.</summary>
/// <param name="Input">The input file (may not exist: reading it reports the error).</param>
/// <param name="Output">The output file.</param>
public sealed record BatchItem(string Input, string Output);

/// <summary>
/// Turns command-line inputs (files, folders, globs) and an output (file or folder) into input → output
/// pairs. A single input file with an output that has an image extension maps file to file; anything
/// else writes into the output folder under the input's name.
/// </summary>
public static class BatchPlan
{
    /// <summary>Expands inputs and pairs each with its output path.</summary>
    /// <param name="inputs">Files, folders (their supported images) or globs (<c>*</c> and <c>?</c> anywhere, <c>**</c> for any depth of folders: <c>photos/**/night_*.png</c>).</param>
    /// <param name="output">An output file (single input only) or folder (created when missing).</param>
    /// <param name="format">Output extension such as <c>.png</c>, or null to keep each input's.</param>
    /// <param name="recursive">Descend into sub-folders of input folders, mirroring them in the output.</param>
    /// <param name="kind">Which files folders and globs yield (default: images).</param>
    /// <exception cref="LumosException">No inputs, or an output that cannot serve these inputs.</exception>
    public static IReadOnlyList<BatchItem> Create(IReadOnlyList<string> inputs, string output, string? format = null, bool recursive = false, FileKind? kind = null)
    {
        kind ??= FileKind.Images;
        if (inputs.Count == 0) throw new LumosException("no input given");
        if (format is not null)
        {
            var given = format;
            format = format.StartsWith('.') ? format : "." + format;
            if (!ImageFormats.IsSupported(format)) throw LumosException.Usage($"output format {given}: unsupported (use png, jpg, tif, bmp or webp)");
        }
        bool outputIsFile = Path.HasExtension(output) && !Directory.Exists(output);
        var expanded = inputs.SelectMany(i => Expand(i, recursive, kind)).ToList();
        // An output folder inside an input folder holds the last run's results: a folder or glob does not find them
        // again, so the batch can be run twice (a file named on its own is still checked by the guard).
        if (!outputIsFile)
        {
            var folder = Path.TrimEndingDirectorySeparator(Path.GetFullPath(output));
            var inside = folder + Path.DirectorySeparatorChar;
            // Only a sub-folder of the input: into the input folder itself, the guard says what would be overwritten.
            expanded.RemoveAll(e => e.Root is not null && Path.TrimEndingDirectorySeparator(Path.GetFullPath(e.Root)) != folder
                && Path.GetFullPath(e.File).StartsWith(inside, StringComparison.Ordinal));
        }
        var guard = new OutputGuard(expanded.Select(e => e.File));
        bool singleFile = inputs.Count == 1 && expanded.Count == 1 && expanded[0].Root is null;
        if (outputIsFile)
        {
            if (inputs.Count == 1 && Directory.Exists(inputs[0]))
                throw new LumosException($"{inputs[0]}: is a folder, expected {Article(kind.Noun)} file (give an output folder to process a folder)");
            if (!singleFile)
                throw new LumosException($"{output}: several inputs need an output folder, not a file");
            // --format names the output's format: a file named for another would be silently written as its name says.
            if (format is not null && !(ImageFormats.IsSupported(output) && ImageFormats.FromPath(output) == ImageFormats.FromPath(format)))
                throw LumosException.Usage($"{output}: --format {format.TrimStart('.')} names another format than the output file (name it {Path.ChangeExtension(Path.GetFileName(output), format)}, or give a folder)");
            if (kind == FileKind.Images) ImageFormats.FromPath(output); // names the formats Lumos writes
            else if (!kind.Accepts(output)) throw new LumosException($"{output}: not {Article(kind.Noun)} file name (unknown extension)");
            guard.Check(output);
            return [new BatchItem(expanded[0].File, output)];
        }
        if (expanded.Count == 0) throw new LumosException($"no {kind.Noun}s found in {string.Join(", ", inputs)}");
        var items = new FolderItems(expanded.Select(e => e.File).ToArray(), expanded.Select(e => e.Root).ToArray(), output, format);
        var taken = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            if (!taken.Add(Path.GetFullPath(item.Output)))
                throw new LumosException($"{item.Input}: its output {item.Output} clashes with another input's output");
            guard.Check(item.Output);
        }
        return items;
    }

    /// <summary>
    /// The items of a folder batch. Only each input's path (and a reference to its folder) is kept; the output path is
    /// made when the item is asked for, so a batch of 10,000 files holds one string per file, not three.
    /// </summary>
    private sealed class FolderItems(string[] files, string?[] roots, string output, string? format) : IReadOnlyList<BatchItem>
    {
        public int Count => files.Length;

        public BatchItem this[int index]
        {
            get
            {
                var (file, root) = (files[index], roots[index]);
                var relative = root is null ? Path.GetFileName(file) : Path.GetRelativePath(root, file);
                return new BatchItem(file, Path.Combine(output, format is null ? relative : Path.ChangeExtension(relative, format)));
            }
        }

        public IEnumerator<BatchItem> GetEnumerator()
        {
            for (int i = 0; i < files.Length; i++) yield return this[i];
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }

    private static string Article(string noun) => ("aeiou".Contains(noun[0]) ? "an " : "a ") + noun;

    private static IEnumerable<(string File, string? Root)> Expand(string input, bool recursive, FileKind kind)
    {
        if (Directory.Exists(input)) return ImageFolder.Files(input, kind, recursive).Select(f => (f, (string?)input));
        if (input.IndexOfAny(['*', '?']) < 0) return [(input, null)];
        // A glob: the folders before the first wildcard are the root (outputs mirror the paths below it); the rest,
        // '**' included, is matched by Microsoft.Extensions.FileSystemGlobbing.
        var segments = input.Split('/');
        int first = Array.FindIndex(segments, s => s.IndexOfAny(['*', '?']) >= 0);
        var root = string.Join('/', segments[..first]);
        root = first == 0 ? "." : root.Length == 0 ? "/" : root;
        if (!Directory.Exists(root)) throw new LumosException($"{input}: folder {root} does not exist");
        if (first == segments.Length - 1) return ImageFolder.Matching(root, segments[^1], kind).Select(f => (f, (string?)root));
        var matcher = new Matcher(StringComparison.Ordinal);
        matcher.AddInclude(string.Join('/', segments[first..]));
        return matcher.GetResultsInFullPath(root).Select(f => Path.Combine(root, Path.GetRelativePath(root, f)))
            .Where(kind.Accepts).Order(StringComparer.Ordinal).Select(f => (f, (string?)root));
    }
}
