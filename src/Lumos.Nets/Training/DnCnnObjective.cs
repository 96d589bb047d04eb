using Lumos.Nets.Archs;
using Lumos.Registry;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Lumos.Nets.Training;

/// <summary>Options of <see cref="DnCnnObjective"/>: the noise the denoiser learns, and the net.</summary>
public sealed record DnCnnObjectiveOptions
{
    /// <summary>The low-light darkening and noise model whose brightened shots are the inputs.</summary>
    public LowLightPairOptions Noise { get; init; } = new();

    /// <summary>The architecture (depth, features, channels).</summary>
    public DnCnnOptions Net { get; init; } = new();
}

/// <summary>
/// DnCNN's residual learning (Zhang et al., IEEE TIP 2017, eq. 1): the mean squared error between the denoised
/// output y − R(y) and the clean image, i.e. between R(y) and the noise, on brightened low-light shots
/// (<see cref="BrightenedNoisePairs"/>); He-normal weights, Adam 10⁻³ decayed ×0.1 at half the run.
/// </summary>
[Registered("dncnn", "DnCNN-style denoiser of brightened low-light noise (MSE, residual learning)", Citation = "Zhang et al., IEEE TIP 2017, §III")]
public sealed class DnCnnObjective : ITrainingObjective
{
    private readonly DnCnn net;

    /// <summary>Builds the net and its pair source; <see cref="Initialise"/> draws the weights.</summary>
    public DnCnnObjective(DnCnnObjectiveOptions options)
    {
        ArchOptions = options.Net;
        net = new DnCnn(options.Net);
        Pairs = new BrightenedNoisePairs(options.Noise);
    }

    /// <inheritdoc />
    public string Arch => "dncnn";

    /// <inheritdoc />
    public object ArchOptions { get; }

    /// <inheritdoc />
    public Module<Tensor, Tensor> Net => net;

    /// <inheritdoc />
    public IPairSource Pairs { get; }

    /// <inheritdoc />
    public TrainingRecipe Recipe => new() { LearningRate = 1e-3, DecayEvery = 0.5 };

    /// <inheritdoc />
    public void Initialise(Generator generator) => HeNormal.Initialise(net, generator);

    /// <inheritdoc />
    public IReadOnlyDictionary<string, Tensor> Losses(Tensor input, Tensor truth) =>
        new Dictionary<string, Tensor> { ["mse"] = functional.mse_loss(net.forward(input), truth) };
}
