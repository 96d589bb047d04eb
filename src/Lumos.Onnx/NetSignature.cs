namespace Lumos.Onnx;

/// <summary>What an exported net takes and gives, recorded in the model's metadata so it runs without flags.</summary>
/// <param name="Task">"low-light" (enhancement) or "super-resolution".</param>
/// <param name="Channels">Image channels in and out: 3 = RGB, 1 = luma (MATLAB Y).</param>
/// <param name="Scale">Output side over input side (1 for enhancement and for nets fed an upsampled image).</param>
/// <param name="UpsampledInput">True when the net refines a bicubic-upsampled image of the output size (SRCNN, VDSR).</param>
/// <param name="Radius">Receptive-field radius in input pixels: the context a tile or band needs on each side.</param>
/// <param name="PostProcess">A whole-image step the published method applies after the net (<c>mbllen</c>), or null.</param>
/// <param name="Align">Total stride of a net that down-samples: tiles must start on its grid to stay seamless (1: any pixel).</param>
public sealed record NetSignature(string Task, int Channels, int Scale, bool UpsampledInput, int Radius, string? PostProcess = null, int Align = 1);
