using Lumos.Imaging;

namespace Lumos.Evaluation;

/// <summary>One evaluation image: the low-quality input and, for paired data, its ground truth.</summary>
/// <param name="Name">File stem shared by input and ground truth.</param>
/// <param name="Input">Path of the input image.</param>
/// <param name="GroundTruth">Path of the ground truth, or null for unpaired data.</param>
public sealed record EvalSample(string Name, string Input, string? GroundTruth);

/// <summary>
/// A set of evaluation images. Layouts: a folder with <c>low/</c> and <c>high/</c> (LOL and most paired
/// sets; LOL's <c>eval15/</c> or <c>our485/</c> parent is found too), a plain folder of images
/// (unpaired: no-reference measures only), or a <c>pairs.csv</c> of <c>input,ground_truth</c> lines.
/// </summary>
/// <param name="Name">Dataset name used in reports (the folder or CSV name).</param>
/// <param name="Samples">The usable samples, sorted by name.</param>
/// <param name="Problems">One line per file left out (unmatched names, unreadable lines).</param>
public sealed record EvalDataset(string Name, IReadOnlyList<EvalSample> Samples, IReadOnlyList<string> Problems)
{
    /// <summary>True when every sample has a ground truth.</summary>
    public bool IsPaired => Samples.Count > 0 && Samples.All(s => s.GroundTruth is not null);

    /// <summary>Loads a dataset from a folder or a pairs CSV file.</summary>
    /// <exception cref="LumosException">The path does not exist or yields no usable image.</exception>
    public static EvalDataset Load(string path)
    {
        var dataset = File.Exists(path) && path.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) ? FromCsv(path)
            : Directory.Exists(path) ? FromFolder(path)
            : throw new LumosException($"{path}: dataset not found (give a folder or a pairs .csv file)");
        if (dataset.Samples.Count == 0)
            throw new LumosException($"{path}: no usable images{(dataset.Problems.Count > 0 ? $" ({dataset.Problems[0]})" : "")}");
        return dataset;
    }

    /// <summary>
    /// Names each dataset apart in reports: two folders of one name (<c>LOLv1/test</c>, <c>LOLv2/test</c>) are named by
    /// as much of their paths as tells them apart, rather than pooled under one name.
    /// </summary>
    /// <param name="datasets">The datasets with the paths they were loaded from.</param>
    /// <exception cref="LumosException">A path is given twice.</exception>
    public static IReadOnlyList<EvalDataset> NamedApart(IReadOnlyList<(string Path, EvalDataset Dataset)> datasets)
    {
        var full = datasets.Select(d => Path.TrimEndingDirectorySeparator(Path.GetFullPath(d.Path))).ToArray();
        if (full.GroupBy(p => p).FirstOrDefault(g => g.Count() > 1) is { } twice) throw LumosException.Usage($"{twice.Key}: dataset given twice");
        var names = datasets.Select(d => d.Dataset.Name).ToArray();
        foreach (var clash in Enumerable.Range(0, names.Length).GroupBy(i => names[i]).Where(g => g.Count() > 1).ToList())
        {
            // The shortest tail of the paths that differs: "LOLv1/test" and "LOLv2/test".
            var members = clash.ToArray();
            for (int depth = 2; ; depth++)
            {
                var tails = members.Select(i => string.Join('/', full[i].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries).TakeLast(depth))).ToArray();
                if (tails.Distinct().Count() < members.Length) continue; // distinct paths always differ at some depth
                for (int k = 0; k < members.Length; k++) names[members[k]] = tails[k];
                break;
            }
        }
        return [.. datasets.Select((d, i) => d.Dataset with { Name = names[i] })];
    }

    /// <summary>
    /// Names samples apart: by file stem, or where two share one (<c>a/x.png</c> and <c>b/x.png</c> in a pairs file,
    /// <c>a.png</c> and <c>a.jpg</c> in a folder) by their input's path below <paramref name="root"/>, extension and all.
    /// </summary>
    private static List<EvalSample> Distinct(List<EvalSample> samples, string root)
    {
        var clashing = samples.GroupBy(s => s.Name).Where(g => g.Count() > 1).Select(g => g.Key).ToHashSet();
        return [.. samples.Select(s => clashing.Contains(s.Name) ? s with { Name = Path.GetRelativePath(root, s.Input) } : s)];
    }

    private static EvalDataset FromFolder(string folder)
    {
        var name = Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder)));
        foreach (var parent in new[] { folder, Path.Combine(folder, "eval15"), Path.Combine(folder, "our485") })
        {
            var low = Path.Combine(parent, "low");
            var high = Path.Combine(parent, "high");
            if (Directory.Exists(low) && Directory.Exists(high)) return Paired(name, low, high);
        }
        var images = ImageFolder.Images(folder);
        return new EvalDataset(name, Distinct([.. images.Select(f => new EvalSample(Path.GetFileNameWithoutExtension(f), f, null))], folder), []);
    }

    private static EvalDataset Paired(string name, string lowFolder, string highFolder)
    {
        var highs = ImageFolder.Images(highFolder).GroupBy(Stem).ToDictionary(g => g.Key, g => g.First());
        var samples = new List<EvalSample>();
        var problems = new List<string>();
        var matched = new HashSet<string>();
        foreach (var low in ImageFolder.Images(lowFolder))
        {
            var stem = Stem(low);
            if (highs.TryGetValue(stem, out var high)) { samples.Add(new EvalSample(stem, low, high)); matched.Add(stem); }
            else problems.Add($"{low}: no ground truth named {stem}.* in {highFolder}");
        }
        problems.AddRange(highs.Where(h => !matched.Contains(h.Key)).Select(h => $"{h.Value}: no input named {h.Key}.* in {lowFolder}"));
        return new EvalDataset(name, Distinct(samples, lowFolder), problems);
    }

    private static EvalDataset FromCsv(string csv)
    {
        var root = Path.GetDirectoryName(Path.GetFullPath(csv))!;
        var samples = new List<EvalSample>();
        var problems = new List<string>();
        int lineNumber = 0;
        foreach (var raw in File.ReadLines(csv))
        {
            lineNumber++;
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            var fields = line.Split(',').Select(f => f.Trim().Trim('"')).ToArray();
            if (lineNumber == 1 && !ImageFormats.IsSupported(fields[0])) continue; // header row
            if (fields.Length is < 1 or > 2 || fields[0].Length == 0)
            {
                problems.Add($"{csv}:{lineNumber}: expected 'input,ground_truth' or 'input'");
                continue;
            }
            var input = Path.Combine(root, fields[0]);
            var truth = fields.Length == 2 && fields[1].Length > 0 ? Path.Combine(root, fields[1]) : null;
            var missing = new[] { input, truth }.FirstOrDefault(p => p is not null && !File.Exists(p));
            if (missing is not null) { problems.Add($"{csv}:{lineNumber}: {missing} not found"); continue; }
            samples.Add(new EvalSample(Path.GetFileNameWithoutExtension(input), input, truth));
        }
        return new EvalDataset(Path.GetFileNameWithoutExtension(csv), Distinct(samples, root), problems);
    }

    private static string Stem(string path) => Path.GetFileNameWithoutExtension(path);
}
