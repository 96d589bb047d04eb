namespace Lumos.Nets.Training;

/// <summary>The optimiser a <see cref="TrainingRecipe"/> uses.</summary>
public enum OptimizerKind
{
    /// <summary>Adam (Kingma &amp; Ba 2015) with L2 weight decay.</summary>
    Adam,

    /// <summary>SGD with momentum and L2 weight decay (SRCNN, VDSR).</summary>
    Sgd,
}

/// <summary>
/// A net's optimiser settings as its paper gives them; <see cref="TrainOptions"/> overrides single values.
/// One recipe per objective keeps, for example, Zero-DCE's weight decay and clipping away from
/// super-resolution nets, whose tiny MSE gradients a decay of 1e-4 would outweigh.
/// </summary>
public sealed record TrainingRecipe
{
    /// <summary>Optimiser.</summary>
    public OptimizerKind Optimizer { get; init; } = OptimizerKind.Adam;

    /// <summary>Initial learning rate.</summary>
    public double LearningRate { get; init; } = 1e-4;

    /// <summary>L2 weight decay.</summary>
    public double WeightDecay { get; init; }

    /// <summary>SGD momentum (ignored by Adam).</summary>
    public double Momentum { get; init; } = 0.9;

    /// <summary>Clip the global gradient norm to this value; 0 = no norm clipping.</summary>
    public double ClipNorm { get; init; }

    /// <summary>
    /// VDSR's adjustable gradient clipping (Kim et al. 2016, §3.2): each gradient element is clipped to
    /// [−θ/γ, θ/γ] with γ the current learning rate, so the step stays bounded while γ is large; 0 = off.
    /// </summary>
    public double AdjustableClip { get; init; }

    /// <summary>Multiply the learning rate by <see cref="DecayFactor"/> after every this fraction of the run; 0 = constant.</summary>
    public double DecayEvery { get; init; }

    /// <summary>Learning-rate factor at each decay.</summary>
    public double DecayFactor { get; init; } = 0.1;

    /// <summary>Zero-DCE's official settings (Adam 1e-4, weight decay 1e-4, gradient norm clipped to 0.1); also MBLLEN's.</summary>
    public static TrainingRecipe ZeroDce { get; } = new() { WeightDecay = 1e-4, ClipNorm = 0.1 };

    /// <summary>The learning rate at <paramref name="step"/> of a run of <paramref name="steps"/> steps.</summary>
    public double LearningRateAt(int step, int steps)
    {
        if (DecayEvery <= 0) return LearningRate;
        int decays = (int)Math.Floor(step / Math.Max(1.0, DecayEvery * steps));
        return LearningRate * Math.Pow(DecayFactor, decays);
    }
}
