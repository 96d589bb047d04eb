using System.Text;
using Lumos.Onnx;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Lumos.Nets.Checkpoints;

/// <summary>
/// A net's state dict as plain arrays, read without libtorch: what an engine other than TorchSharp (ONNX
/// Runtime) needs to run a Lumos checkpoint. Reads TorchSharp's <c>Module.save</c> format, which
/// <c>weights.bin</c> inside a checkpoint holds: a LEB128 entry count, then per entry a LEB128-length UTF-8 name,
/// LEB128 element type, rank and dimensions, and the raw little-endian values.
/// </summary>
public static class NetWeights
{
    // TorchSharp's ScalarType codes (c10::ScalarType): the ones a state dict of our nets can hold.
    private const int Int32 = 3, Int64 = 4, Float32 = 6, Float64 = 7;
    private const int MaxRank = 8;

    /// <summary>Reads a TorchSharp state-dict stream.</summary>
    /// <exception cref="LumosException">The stream is truncated or holds an element type other than float/int.</exception>
    public static IReadOnlyDictionary<string, WeightTensor> Read(Stream stream, string source)
    {
        // Every size in the stream is checked against the bytes left before anything is allocated: a corrupt count
        // must give a clear error, not an attempt to allocate gigabytes (found by the fuzzer's kind of input).
        if (!stream.CanSeek)
        {
            var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            buffer.Position = 0;
            stream = buffer;
        }
        var reader = new BinaryReader(stream, Encoding.UTF8, leaveOpen: true);
        long Left() => stream.Length - stream.Position;
        try
        {
            long count = Leb128(reader);
            if (count > Left()) throw new LumosException($"{source}: corrupt weights ({count} entries in {Left()} bytes)");
            var weights = new Dictionary<string, WeightTensor>();
            for (long i = 0; i < count; i++)
            {
                long nameLength = Leb128(reader);
                if (nameLength > Left()) throw new EndOfStreamException();
                string name = Encoding.UTF8.GetString(reader.ReadBytes((int)nameLength));
                int type = checked((int)Leb128(reader));
                long rank = Leb128(reader);
                if (rank > MaxRank) throw new LumosException($"{source}: corrupt weights (weight '{name}' has {rank} dimensions)");
                var shape = new long[rank];
                for (int d = 0; d < shape.Length; d++) shape[d] = Leb128(reader);
                long length = shape.Aggregate(1L, (a, b) => checked(a * b));
                int size = type switch { Float32 or Int32 => 4, Float64 or Int64 => 8, _ => 1 };
                if (length > Left() / size) throw new LumosException($"{source}: truncated weights (weight '{name}' [{string.Join(", ", shape)}] needs {length * size} bytes, {Left()} left)");
                var values = new float[length];
                for (long k = 0; k < length; k++)
                    values[k] = type switch
                    {
                        Float32 => reader.ReadSingle(),
                        Float64 => (float)reader.ReadDouble(),
                        Int64 => reader.ReadInt64(),
                        Int32 => reader.ReadInt32(),
                        _ => throw new LumosException($"{source}: weight '{name}' has element type {type}, expected float or integer"),
                    };
                weights[name] = new WeightTensor(shape, values);
            }
            return weights;
        }
        catch (EndOfStreamException e) { throw new LumosException($"{source}: truncated weights", e); }
        catch (OverflowException e) { throw new LumosException($"{source}: corrupt weights ({e.Message})", e); }
    }

    /// <summary>The state dict of a TorchSharp net as plain arrays (loads libtorch, as the net already has).</summary>
    public static IReadOnlyDictionary<string, WeightTensor> Of(Module net)
    {
        var weights = new Dictionary<string, WeightTensor>();
        foreach (var (name, tensor) in net.state_dict())
        {
            using var values = tensor.detach().to(ScalarType.Float32).contiguous();
            weights[name] = new WeightTensor(tensor.shape, values.data<float>().ToArray());
        }
        return weights;
    }

    private static long Leb128(BinaryReader reader)
    {
        long value = 0;
        for (int shift = 0; ; shift += 7)
        {
            byte b = reader.ReadByte();
            if (shift > 56) throw new OverflowException("LEB128 value too long");
            value |= (long)(b & 0x7f) << shift;
            if ((b & 0x80) == 0) return value;
        }
    }
}
