using Lumos.Onnx;

namespace Lumos.Tests.Onnx;

public sealed class OnnxProjectTests
{
    [Fact]
    public void The_onnx_operations_need_only_the_core_and_onnx_runtime_never_torchsharp()
    {
        var references = typeof(OnnxMethod).Assembly.GetReferencedAssemblies().Select(a => a.Name!).ToArray();
        Assert.Contains("Lumos", references);
        Assert.Contains("Microsoft.ML.OnnxRuntime", references);
        Assert.DoesNotContain(references, name => name.StartsWith("TorchSharp", StringComparison.Ordinal) || name == "Lumos.Nets");
    }

    [Fact]
    public void Onnx_method_and_upscaler_are_registered_from_their_own_assembly()
    {
        Assert.Equal(typeof(OnnxMethod), Lumos.Methods.EnhancementMethods.Registry.Get("onnx").Type);
        Assert.Equal(typeof(OnnxUpscaler), Lumos.SuperResolution.Upscalers.Registry.Get("onnx").Type);
    }

    [Fact]
    public void A_model_without_an_output_is_one_line_naming_the_file_found_by_the_fuzzer()
    {
        var path = Path.Combine(TestData.ReferenceDir, "fuzz", "onnx-no-output.onnx");
        var error = Assert.Throws<LumosException>(() => new OnnxNetSession(File.ReadAllBytes(path), path));
        Assert.Equal($"{path}: the model has no output", error.Message);
    }
}
