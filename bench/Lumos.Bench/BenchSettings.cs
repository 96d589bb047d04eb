using System.Globalization;

namespace Lumos.Bench;

/// <summary>Command-line settings of <c>lumos-bench classic</c>.</summary>
internal sealed record BenchSettings
{
    public const string Usage = """
        usage: Lumos.Bench classic|measures|engines|footprint|gpu|batch|video|web|png [--image PATH] [--repeats 5] [--threads 1,2] [--methods a,b] [--engines a,b] [--sides net=px] [--profile] [--markdown OUT.md]
          classic     every enhancement method and its peers (OpenCV from C#, Debian's Python cv2, numpy references) on a 12 MP photo
          measures    SSIM, PSNR and NIQE throughput on a 12 MP pair, with scikit-image's SSIM as the peer
          engines     every built-in net (zerodce, mbllen, srcnn, fsrcnn, espcn, vdsr, srresnet) in ms per output MP on
                      ONNX Runtime, TorchSharp (self-checked backend) and PyTorch CPU with the same weights and input,
                      outputs cross-checked; then the peak memory of a 24 MP Zero-DCE enhancement and of a x4 FSRCNN
                      upscale of 4000x3000 (--methods picks nets and/or 'memory')
          footprint   every built-in net's working memory per input pixel on each engine (--engines onnx,torch),
                      from the peak RSS of two untiled runs in fresh processes: what each net's tile side is set from
          gpu         every shipped net on ONNX Runtime's CUDA provider (a -p:LumosCuda=true build) against ONNX Runtime on the
                      CPU: output agreement (whole, tiled, TF32; random pixels and --image, which may be a binary PPM) and
                      ms per output MP at 1 and 4 MP; --methods picks checkpoints, --device cpu dry-runs it without a GPU
          batch       the real 'lumos enhance' over folders of small PNGs with 5% bad files (--files 1000,10000):
                      wall time, images/s, the process's peak RSS, and whether exactly the bad files were reported
          video       the real 'lumos video' at 1080p for every classic method (--methods), next to ffmpeg alone
                      decoding and encoding the clip (the floor) and ffmpeg's histeq / eq filters; --threads 1,2 = cores
                      (1 pins the process tree with taskset), --frames N (90), --encoder-preset P (ultrafast)
          web         the real 'lumos serve' over HTTP: 2 x 1,000 small gamma jobs from 16 clients (--files N changes
                      the 1,000), then 2 x 20 concurrent 12 MP uploads: errors, p50/p99, requests/s, server peak RSS
          png         writing a 12 MP photo as PNG (8 and 16 bits): Lumos's encoder against OpenCV's imwrite called directly
          --image     photo to enhance (default: a real photo resized to 4000x3000 and darkened)
          --repeats   timed runs per method after one warm-up run; the median is reported
          --threads   thread counts to measure (classic: each in its own process)
          --methods   registry names and/or peers (opencvsharp-equalize-hist, opencvsharp-clahe, opencvsharp-gamma-lut;
                      any cv2-* name, e.g. cv2-equalize-hist, runs the Python OpenCV peers; numpy-msr, numpy-msrcr,
                      numpy-dong, numpy-lime the numpy references); default all
          --engines   engines: which to time (onnx, torch, pytorch; default all)
          --sides     engines: output sides in pixels replacing the defaults, e.g. mbllen=256,vdsr=192
          --profile   engines: also profile each net on ONNX Runtime and print its time per operator type
          --device    gpu: the device measured against the CPU (cuda)
          --markdown  also write the table as markdown to this file
        """;

    /// <summary>What to measure: "classic", "measures" or "engines".</summary>
    public string Verb { get; init; } = "classic";

    public string? Image { get; init; }
    public int Repeats { get; init; } = 5;
    public IReadOnlyList<int> Threads { get; init; } = [1, 2];
    public IReadOnlyList<string>? Methods { get; init; }
    public string? Markdown { get; init; }

    /// <summary>gpu: the ONNX Runtime device measured against the CPU.</summary>
    public string Device { get; init; } = "cuda";

    /// <summary>engines: the engines to time (onnx, torch, pytorch); null for all.</summary>
    public IReadOnlyList<string>? Engines { get; init; }

    /// <summary>engines: output sides that replace the defaults, per net.</summary>
    public IReadOnlyDictionary<string, int>? Sides { get; init; }

    /// <summary>engines: also profile each net on ONNX Runtime.</summary>
    public bool Profile { get; init; }

    /// <summary>engines, in a child process: the one memory row it measures ("zerodce" or "fsrcnn").</summary>
    public string? MemoryRow { get; init; }

    /// <summary>footprint, in a child process: the NET:ENGINE:SIDE run it measures.</summary>
    public string? FootprintCase { get; init; }

    /// <summary>batch: folder sizes to run (default 1,000 and 10,000 files); web: requests per round of small images.</summary>
    public IReadOnlyList<int>? Files { get; init; }

    /// <summary>Set in a worker process: the one thread count it measures.</summary>
    public int? Worker { get; init; }

    /// <summary>The arguments that reproduce these settings, for relaunching a worker.</summary>
    public IEnumerable<string> ToArguments()
    {
        yield return Verb;
        if (Image is not null) { yield return "--image"; yield return Image; }
        yield return "--repeats"; yield return Repeats.ToString(CultureInfo.InvariantCulture);
        if (Methods is not null) { yield return "--methods"; yield return string.Join(',', Methods); }
    }

    /// <summary>video: frames in the clip.</summary>
    public int? Frames { get; init; }

    /// <summary>video: libx264 preset of every encode.</summary>
    public string? EncoderPreset { get; init; }

    /// <exception cref="LumosException">Unknown verb or option, or a bad value.</exception>
    public static BenchSettings Parse(IReadOnlyList<string> args)
    {
        if (args.Count == 0 || args[0] is not ("classic" or "measures" or "engines" or "footprint" or "gpu" or "batch" or "video" or "web" or "png"))
            throw new LumosException("expected the verb 'classic', 'measures', 'engines', 'footprint', 'gpu', 'batch', 'video', 'web' or 'png'");
        var settings = new BenchSettings { Verb = args[0] };
        for (int i = 1; i < args.Count; i++)
        {
            string option = args[i];
            string Value() => ++i < args.Count ? args[i] : throw new LumosException($"{option} needs a value");
            settings = option switch
            {
                "--image" => settings with { Image = Value() },
                "--repeats" => settings with { Repeats = Positive(option, Value()) },
                "--threads" => settings with { Threads = List(Value()).Select(t => Positive(option, t)).Distinct().ToArray() },
                "--methods" => settings with { Methods = List(Value()) },
                "--markdown" => settings with { Markdown = Value() },
                "--profile" => settings with { Profile = true },
                "--engines" => settings with { Engines = List(Value()) },
                "--device" => settings with { Device = Value() },
                "--sides" => settings with { Sides = List(Value()).Select(p => p.Split('=')).ToDictionary(
                    p => p[0], p => p.Length == 2 ? Positive(option, p[1]) : throw new LumosException($"{option}: expected NET=PIXELS, got '{string.Join('=', p)}'")) },
                "--memory-row" => settings with { MemoryRow = Value() },
                "--footprint-case" => settings with { FootprintCase = Value() },
                "--files" => settings with { Files = List(Value()).Select(n => Positive(option, n)).ToArray() },
                "--frames" => settings with { Frames = Positive(option, Value()) },
                "--encoder-preset" => settings with { EncoderPreset = Value() },
                "--worker" => settings with { Worker = Positive(option, Value()) },
                _ => throw new LumosException($"unknown option '{option}'"),
            };
        }
        return settings;
    }

    private static string[] List(string text) => text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static int Positive(string option, string text) =>
        int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int value) && value > 0 ? value
        : throw new LumosException($"{option}: '{text}' is not a positive whole number");
}
