global using Xunit;

// One test at a time: TorchSharp 0.107 hands libtorch temporary Scalars without keeping them alive, so a collection
// started by a test on another thread can free one mid-call ("Unknown scalar type", or a silently wrong value). The
// library fences its own threads (CollectionFreeWindow); tests that call TorchSharp directly are not fenced, and
// running them beside allocating tests could make a run flaky. Serial costs ~1.5 min (4 m 16 s -> 5 m 47 s on 2 cores).
[assembly: CollectionBehavior(DisableTestParallelization = true)]
