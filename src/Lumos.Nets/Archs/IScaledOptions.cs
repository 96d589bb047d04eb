namespace Lumos.Nets.Archs;

/// <summary>The options of a net built for one scale (its upsampling layer fixes it), unlike SRCNN and VDSR, which refine a bicubic-upsampled input of any scale.</summary>
public interface IScaledOptions
{
    /// <summary>The scale factor the net upsamples by.</summary>
    int Scale { get; }
}
