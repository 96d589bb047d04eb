using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Lumos.Imaging;
using Lumos.Processing;
using Lumos.Registry;
using OpenCvSharp;

namespace Lumos.Methods.Classic;

/// <summary>Options of <see cref="LogCurve"/>.</summary>
public sealed record LogCurveOptions
{
    /// <summary>Strength c of out = log(1 + c·in) / log(1 + c); larger lifts shadows more.</summary>
    [Description("strength c of out = log(1 + c*in) / log(1 + c) (larger lifts shadows more)"), Range(0.001, 100000.0)]
    public double C { get; init; } = 10.0;

    /// <summary>Channel the curve acts on.</summary>
    [Description("channel the curve acts on")]
    public ToneChannel Channel { get; init; } = ToneChannel.Y;
}

/// <summary>Log transformation s = c·log(1 + r) (Gonzalez &amp; Woods eq. 3-4), normalised to map [0,1] onto [0,1].</summary>
[Registered("log", "log curve out = log(1 + c*in) / log(1 + c)", Citation = "Gonzalez & Woods, Digital Image Processing, 4th ed., §3.2.2, eq. 3-4")]
public sealed class LogCurve(LogCurveOptions options) : EnhancementMethod, ILumaMethod
{
    /// <inheritdoc />
    /// <remarks>0: a curve: each pixel on its own, so a band needs no context (a pipeline of it and an upscaler runs in bands).</remarks>
    public override int? Margin => 0;

    /// <inheritdoc />
    public bool ActsOnLumaOnly => options.Channel == ToneChannel.Y;

    /// <inheritdoc />
    public override void Enhance(Mat bgr, Mat destination)
    {
        double norm = Math.Log(1 + options.C);
        ToneCurve.Apply(bgr, options.Channel, x => Math.Log(1 + options.C * x) / norm, destination);
    }
}
