using System.Diagnostics;
using System.Numerics;
using Lumos.Ocean;
using Lumos.Ocean.Render;

// lumos-ocean-bench [--quick] [--no-render]: simulation steps, FFT vs a naive DFT peer, height queries and a stereo frame.
bool quick = args.Contains("--quick"), render = !args.Contains("--no-render");
int cores = Environment.ProcessorCount;
Console.WriteLine($"Lumos.Ocean bench: {cores} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, "
    + $"{System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription}, Vector<float> lanes = {Vector<float>.Count}; median and fastest of repeats after warm-up");
Console.WriteLine($"{"case",-46} {"threads",7} {"median ms",10} {"min ms",10}");

void Row(string name, int threads, (double Median, double Min) ms) => Console.WriteLine($"{name,-46} {threads,7} {ms.Median,10:0.000} {ms.Min,10:0.000}");

static (double Median, double Min) Median(Action action, double budgetSeconds = 0.6)
{
    var warm = Stopwatch.StartNew();
    do action(); while (warm.Elapsed.TotalSeconds < Math.Min(0.25, budgetSeconds)); // past tiered JIT's first tiers
    var times = new List<double>();
    var total = Stopwatch.StartNew();
    while (times.Count < 5 || (total.Elapsed.TotalSeconds < budgetSeconds && times.Count < 200))
    {
        var sw = Stopwatch.StartNew();
        action();
        times.Add(sw.Elapsed.TotalMilliseconds);
    }
    times.Sort();
    return (times[times.Count / 2], times[0]);
}

var spectrum = new JonswapSpectrum(new JonswapOptions());
foreach (int n in quick ? new[] { 64, 256 } : new[] { 64, 128, 256, 512 })
{
    foreach (int threads in new[] { 1, cores }.Distinct())
    {
        foreach (int count in new[] { 1, 3 })
        {
            var cascades = new[] { new CascadeOptions(1000, n), new CascadeOptions(173, n), new CascadeOptions(31, n) }.Take(count).ToArray();
            foreach (bool velocity in new[] { false, true })
            {
                var ocean = new Ocean(new OceanOptions { Spectrum = spectrum, Cascades = cascades, MaxThreads = threads, ComputeVelocity = velocity });
                double t = 0;
                Row($"step {n}² × {count} cascade{(count > 1 ? "s" : "")}{(velocity ? " + velocity" : "")}", threads, Median(() => ocean.Update(t += 1 / 60.0)));
            }
        }
    }
    foreach (int threads in new[] { 1, cores }.Distinct())
    {
        var fft = new Fft2D(n, threads);
        var re = new float[n * n];
        var im = new float[n * n];
        Row($"FFT 2D {n}² (ours)", threads, Median(() => fft.Inverse(re, im)));
    }
    if (n <= 256) Row($"peer: DFT 2D {n}² (naive, row-column)", 1, Median(() => NaiveDft(n), 0.3));
}

var sea = new Ocean(new OceanOptions { Spectrum = spectrum });
sea.Update(5);
var rng = new Random(1);
var points = Enumerable.Range(0, 10_000).Select(_ => new Vector2((float)rng.NextDouble() * 500, (float)rng.NextDouble() * 500)).ToArray();
var heights = new float[points.Length];
Row("10,000 height queries (3 cascades, inverted)", 1, Median(() => sea.SampleHeight(points, heights)));
Row("10,000 height queries", cores, Median(() => Parallel.For(0, 10, b => sea.SampleHeight(points.AsSpan(b * 1000, 1000), heights.AsSpan(b * 1000, 1000)))));

if (!render) return 0;
var scene = new SeaScene(12, 100_000, 1);
scene.AdvanceTo(quick ? 0.5 : 3);
var renderer = new OceanRenderer();
var head = new Camera(new Vector3(0, 3.5f, 0), new Vector3(0, -0.12f, -1), 1280, 720, 65);
Row("frame 1280×720 stereo (2 eyes, shared map)", cores, Median(() => renderer.RenderStereo(scene.Ocean, scene.Bodies, head, 0.064f).Dispose(), 0.1));
return 0;

// The peer: the same 2D transform by direct summation, O(N³) separable (an O(N⁴) 2D sum is out of reach above 64²).
static void NaiveDft(int n)
{
    var re = new double[n * n];
    var im = new double[n * n];
    var rowRe = new double[n];
    var rowIm = new double[n];
    var cos = new double[n];
    var sin = new double[n];
    for (int k = 0; k < n; k++) { cos[k] = Math.Cos(2 * Math.PI * k / n); sin[k] = Math.Sin(2 * Math.PI * k / n); }
    for (int pass = 0; pass < 2; pass++)
    {
        for (int line = 0; line < n; line++)
        {
            for (int x = 0; x < n; x++)
            {
                double sr = 0, si = 0;
                for (int u = 0; u < n; u++)
                {
                    int at = pass == 0 ? line * n + u : u * n + line, w = (u * x) % n;
                    sr += re[at] * cos[w] - im[at] * sin[w];
                    si += re[at] * sin[w] + im[at] * cos[w];
                }
                rowRe[x] = sr;
                rowIm[x] = si;
            }
            for (int x = 0; x < n; x++)
            {
                int at = pass == 0 ? line * n + x : x * n + line;
                re[at] = rowRe[x];
                im[at] = rowIm[x];
            }
        }
    }
}
