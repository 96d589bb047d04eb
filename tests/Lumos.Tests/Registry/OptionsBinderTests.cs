using Lumos.Registry;

namespace Lumos.Tests.Registry;

public sealed class OptionsBinderTests
{
    [Fact]
    public void Owned_pairs_split_at_the_first_dot_and_the_first_equals_sign()
    {
        var pairs = OptionsBinder.ParseOwnedPairs(["lime.gamma=0.7", "fsrcnn.weights=my.x2.lumosnet", "onnx.model=a=b.onnx"]).ToArray();
        Assert.Equal(
            [("lime", new KeyValuePair<string, string>("gamma", "0.7")), ("fsrcnn", new("weights", "my.x2.lumosnet")), ("onnx", new("model", "a=b.onnx"))],
            pairs);
    }

    [Fact]
    public void A_pair_without_an_owner_is_for_every_owner_and_an_empty_owner_is_refused()
    {
        Assert.Equal([(null, new KeyValuePair<string, string>("gamma", "0.3"))], OptionsBinder.ParseOwnedPairs(["gamma=0.3"]).ToArray());
        var error = Assert.Throws<LumosException>(() => OptionsBinder.ParseOwnedPairs([".gamma=0.3"]).ToArray());
        Assert.Contains("expected [method.]name=value", error.Message);
    }
}
