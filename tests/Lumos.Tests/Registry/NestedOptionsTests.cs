using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Lumos.Registry;

namespace Lumos.Tests.Registry;

public sealed class NestedOptionsTests
{
    public sealed record Inner
    {
        [Description("tile side"), Range(0, 100)]
        public int Tile { get; init; } = 7;
    }

    public sealed record Outer
    {
        [Description("weights")]
        public string Weights { get; init; } = "w";

        public Inner Run { get; init; } = new();
    }

    [Fact]
    public void Nested_record_parameters_are_listed_and_bound_under_their_own_names()
    {
        var parameters = OptionsBinder.Describe(typeof(Outer));
        Assert.Equal(["weights", "tile"], parameters.Select(p => p.Name));
        Assert.Equal(7, parameters[1].Default);

        var bound = (Outer)OptionsBinder.Bind(typeof(Outer), "test", [new("tile", "42"), new("weights", "x")]);

        Assert.Equal((42, "x"), (bound.Run.Tile, bound.Weights));
        Assert.Equal(7, new Outer().Run.Tile);
    }

    [Fact]
    public void Nested_ranges_are_validated()
    {
        var error = Assert.Throws<LumosException>(() => OptionsBinder.Bind(typeof(Outer), "test", [new("tile", "101")]));
        Assert.Contains("tile=101 is out of range [0, 100]", error.Message);
    }

    [Fact]
    public void Net_methods_share_one_run_record_and_keep_their_parameter_names()
    {
        string[] shared = ["tile", "max-memory", "engine", "device", "weights"];
        foreach (var name in new[] { "zerodce", "mbllen", "pairlie", "retinexnet" })
            Assert.Empty(shared.Except(Lumos.Methods.EnhancementMethods.Registry.Get(name).Parameters.Select(p => p.Name)));
        Assert.Empty(shared.Except(Lumos.SuperResolution.Upscalers.Registry.Get("fsrcnn").Parameters.Select(p => p.Name)));
    }
}
