using System.Diagnostics;
using System.Globalization;
using Lumos.Imaging;
using Lumos.Nets.Checkpoints;
using Lumos.Nets.Inference;
using Lumos.Onnx;
using TorchSharp;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace Lumos.Bench;

/// <summary>
/// One net loaded on one engine, timed one forward pass at a time so that <see cref="EnginesBench"/> can interleave
/// the engines' runs: on a shared machine every engine then sees the same load, and their medians compare.
/// </summary>
internal interface IBenchEngine : IDisposable
{
    /// <summary>Engine name for the table, e.g. "ONNX Runtime 1.31.1".</summary>
    string Name { get; }

    /// <summary>True for a reference implementation outside Lumos.</summary>
    bool Peer { get; }

    /// <summary>The output of one forward pass on the input, C×H×W flattened.</summary>
    float[] Output { get; }

    /// <summary>Sets the engine's intra-op threads for the following runs.</summary>
    void SetThreads(int threads);

    /// <summary>One forward pass on the input; returns its wall time in milliseconds.</summary>
    double Run();
}

/// <summary>TorchSharp (libtorch) under no_grad; threads via <c>torch.set_num_threads</c>.</summary>
internal sealed class TorchSharpEngine(nn.Module<Tensor, Tensor> net, Tensor input) : IBenchEngine
{
    public string Name => $"TorchSharp (libtorch {torch.__version__.Split('.').Take(3).Aggregate((a, b) => $"{a}.{b}")})";

    public bool Peer => false;

    public float[] Output
    {
        get
        {
            using var noGrad = no_grad();
            using var output = net.forward(input);
            return output.contiguous().data<float>().ToArray();
        }
    }

    public void SetThreads(int threads) => torch.set_num_threads(threads);

    public double Run()
    {
        using var noGrad = no_grad();
        var clock = Stopwatch.StartNew();
        net.forward(input).Dispose();
        return clock.Elapsed.TotalMilliseconds;
    }

    public void Dispose() { } // the caller owns the net and the input
}

/// <summary>ONNX Runtime through <see cref="OnnxNetSession"/>; a new session per thread count (its <c>threads</c> argument).</summary>
internal sealed class OnnxRuntimeEngine(byte[] model, string label, PlanarImage input) : IBenchEngine
{
    private OnnxNetSession? session;

    public static string Version => typeof(Microsoft.ML.OnnxRuntime.InferenceSession).Assembly.GetName().Version?.ToString(3) ?? "";

    public string Name => $"ONNX Runtime {Version}";

    public bool Peer => false;

    public float[] Output => Session.Run(input).Data;

    private OnnxNetSession Session => session ??= new OnnxNetSession(model, label);

    public void SetThreads(int threads)
    {
        session?.Dispose();
        session = new OnnxNetSession(model, label, "cpu", threads);
    }

    public double Run()
    {
        var clock = Stopwatch.StartNew();
        Session.Run(input);
        return clock.Elapsed.TotalMilliseconds;
    }

    public void Dispose() => session?.Dispose();
}

/// <summary>
/// PyTorch in a Python process (bench/peers/torch_engines.py) that loads the same weights and input, then serves
/// "threads N", "input PATH" and "run" on stdin; times are measured inside Python, so the pipe is not counted. The
/// engines bench runs Debian's PyTorch CPU on weights TorchSharp writes; the GPU bench runs the machine's PyTorch on
/// CUDA on weights written without libtorch (.npz).
/// </summary>
internal sealed class PyTorchEngine : IBenchEngine
{
    public const string Python = "/usr/bin/python3";
    private readonly Process process;

    private PyTorchEngine(Process process, float[] output, string version)
    {
        this.process = process;
        Output = output;
        Name = $"PyTorch {version}";
    }

    public string Name { get; }

    public bool Peer => true;

    public float[] Output { get; }

    /// <summary>PyTorch's version as <paramref name="python"/> imports it, or null where that Python or its torch is missing.</summary>
    public static string? Version(string python = Python)
    {
        var start = new ProcessStartInfo(python) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("import torch; print(torch.__version__.split('a')[0].split('+')[0])");
        try
        {
            using var process = Process.Start(start)!;
            var version = process.StandardOutput.ReadToEnd().Trim();
            process.WaitForExit();
            return process.ExitCode == 0 ? version : null;
        }
        catch (System.ComponentModel.Win32Exception) { return null; } // no such program
    }

    /// <summary>Starts Debian's PyTorch CPU on a TorchSharp net's weights, or returns null (and says why on stderr) where Python, PyTorch or the script is missing or fails.</summary>
    public static PyTorchEngine? Start(string arch, int scale, nn.Module<Tensor, Tensor> net, Tensor input, string work, string version)
    {
        if (!File.Exists(Python)) return null;
        string state = Path.Combine(work, $"{arch}.pth"), inputs = Path.Combine(work, $"{arch}-input.pth"), output = Path.Combine(work, $"{arch}-output.pth");
        net.save_py(state);
        PyTorchPickler.PickleStateDict(inputs, new Dictionary<string, Tensor> { ["input"] = input });
        return Launch(Python, arch, scale, state, inputs, output, "cpu", version, path =>
        {
            var peerState = PyTorchStateDict.Read(path);
            using var result = peerState["output"];
            return result.contiguous().data<float>().ToArray();
        });
    }

    /// <summary>Starts the peer on files already written, or returns null (and says why on stderr) where the script is missing or fails.</summary>
    /// <param name="python">The Python that has PyTorch.</param>
    /// <param name="arch">Architecture, as the script names it.</param>
    /// <param name="scale">Upscaling factor of the arch (1 for the others).</param>
    /// <param name="state">Weights: .pth or .npz.</param>
    /// <param name="inputs">Input: .pth or .npy.</param>
    /// <param name="output">Where the script writes its output, in the input's format.</param>
    /// <param name="device">cpu or cuda.</param>
    /// <param name="version">PyTorch's version, for the engine's name.</param>
    /// <param name="readOutput">Reads <paramref name="output"/>.</param>
    public static PyTorchEngine? Launch(string python, string arch, int scale, string state, string inputs, string output, string device, string version,
        Func<string, float[]> readOutput)
    {
        var script = Path.Combine(AppContext.BaseDirectory, "peers", "torch_engines.py");
        if (!File.Exists(script)) return null;
        var start = new ProcessStartInfo(python) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { script, arch, $"{scale}", state, inputs, output, device }) start.ArgumentList.Add(a);
        var process = Process.Start(start)!;
        var errors = new System.Text.StringBuilder();
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (errors) errors.AppendLine(e.Data); };
        process.BeginErrorReadLine();
        if (process.StandardOutput.ReadLine() != "ready")
        {
            process.WaitForExit();
            lock (errors) Console.Error.WriteLine($"  {arch} PyTorch peer failed: {errors.ToString().Trim().Split('\n')[^1]}");
            process.Dispose();
            return null;
        }
        return new PyTorchEngine(process, readOutput(output), version);
    }

    /// <summary>Makes the next runs use the input in <paramref name="path"/> (.pth or .npy) and, given <paramref name="output"/>, writes its output there.</summary>
    public void SetInput(string path, string? output = null)
    {
        if (Ask(output is null ? $"input {path}" : $"input {path} {output}") != "ok") throw new LumosException("the PyTorch peer did not take the input");
    }

    public void SetThreads(int threads)
    {
        if (Ask($"threads {threads}") != "ok") throw new LumosException("the PyTorch peer did not take the thread count");
    }

    public double Run() => double.Parse(Ask("run"), CultureInfo.InvariantCulture);

    private string Ask(string command)
    {
        process.StandardInput.WriteLine(command);
        process.StandardInput.Flush();
        return process.StandardOutput.ReadLine() ?? throw new LumosException($"the PyTorch peer exited on '{command}'");
    }

    public void Dispose()
    {
        process.StandardInput.Close();
        if (!process.WaitForExit(10_000)) process.Kill();
        process.Dispose();
    }
}
