using Lumos.Registry;
using static TorchSharp.torch;

namespace Lumos.Nets.Training;

/// <summary>The registry of trainable nets (<c>lumos train &lt;name&gt;</c>), one objective class per net.</summary>
public static class TrainingObjectives
{
    /// <summary>All registered training objectives.</summary>
    public static ComponentRegistry<ITrainingObjective> Registry { get; } = ComponentRegistry<ITrainingObjective>.OfLumosAssemblies("trainable net");

    /// <summary>Builds <paramref name="name"/>'s objective with its initial weights drawn from <paramref name="seed"/>.</summary>
    public static ITrainingObjective Create(string name, int seed, IEnumerable<KeyValuePair<string, string>>? parameters = null)
    {
        var objective = Registry.Create(name, parameters);
        using var generator = new Generator((ulong)seed);
        objective.Initialise(generator);
        return objective;
    }
}
