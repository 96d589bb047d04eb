using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Lumos.Imaging;
using Lumos.Processing;
using Lumos.Registry;
using OpenCvSharp;

namespace Lumos.Methods.Classic;

/// <summary>Options of <see cref="Gamma"/>.</summary>
public sealed record GammaOptions
{
    /// <summary>Exponent γ of out = in^γ on unit range; below 1 brightens.</summary>
    [Description("exponent of out = in^gamma (below 1 brightens)"), Range(0.05, 10.0)]
    public double Gamma { get; init; } = 0.5;

    /// <summary>Channel the curve acts on.</summary>
    [Description("channel the curve acts on")]
    public ToneChannel Channel { get; init; } = ToneChannel.Y;
}

/// <summary>Power-law (gamma) curve out = in^γ, the classic global brightening (Gonzalez &amp; Woods, §3.2.3).</summary>
[Registered("gamma", "power-law curve out = in^gamma", Citation = "Gonzalez & Woods, Digital Image Processing, 4th ed., §3.2.3")]
public sealed class Gamma(GammaOptions options) : EnhancementMethod, ILumaMethod
{
    /// <inheritdoc />
    /// <remarks>0: a curve: each pixel on its own, so a band needs no context (a pipeline of it and an upscaler runs in bands).</remarks>
    public override int? Margin => 0;

    /// <inheritdoc />
    public bool ActsOnLumaOnly => options.Channel == ToneChannel.Y;

    /// <inheritdoc />
    public override void Enhance(Mat bgr, Mat destination) => ToneCurve.Apply(bgr, options.Channel, x => Math.Pow(x, options.Gamma), destination);
}
