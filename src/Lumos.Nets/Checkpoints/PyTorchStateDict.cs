using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using TorchSharp;
using static TorchSharp.torch;

namespace Lumos.Nets.Checkpoints;

/// <summary>
/// Reads a PyTorch <c>torch.save(model.state_dict())</c> file: the zip format (PyTorch ≥ 1.6) and the legacy
/// stream format older official weights use (e.g. Zero-DCE's <c>Epoch99.pth</c>), which TorchSharp.PyBridge
/// refuses. A tiny pickle machine that only knows tensors, ordered dicts, lists and tuples: a file that asks
/// for any other Python object fails instead of running code.
/// </summary>
public static class PyTorchStateDict
{
    /// <summary>Reads the tensors of a state dict, keyed by their parameter names.</summary>
    /// <exception cref="LumosException">The file is missing, not a state dict, or uses an unsupported feature.</exception>
    public static Dictionary<string, Tensor> Read(string path)
    {
        if (!File.Exists(path)) throw new LumosException($"{path}: no such weights file");
        try
        {
            var bytes = File.ReadAllBytes(path);
            var storages = new Dictionary<string, Tensor>();
            try
            {
                var root = bytes.Length > 4 && bytes[0] == 0x50 && bytes[1] == 0x4b ? ReadZip(bytes, storages) : ReadLegacy(bytes, storages);
                return ToStateDict(Unwrap(root), path);
            }
            finally
            {
                foreach (var storage in storages.Values) storage.Dispose();
            }
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException or IndexOutOfRangeException or InvalidCastException or ArgumentException
            or OverflowException or FormatException)
        {
            throw new LumosException($"{path}: not a readable PyTorch state dict ({e.Message})", e);
        }
    }

    private static object? ReadZip(byte[] bytes, Dictionary<string, Tensor> storages)
    {
        using var archive = new ZipArchive(new MemoryStream(bytes), ZipArchiveMode.Read);
        var pickle = archive.Entries.FirstOrDefault(e => e.FullName.EndsWith("/data.pkl", StringComparison.Ordinal))
            ?? throw new InvalidDataException("zip without data.pkl");
        var prefix = pickle.FullName[..^"data.pkl".Length];
        var machine = new PickleMachine(ReadAll(pickle), 0, pid =>
        {
            var (key, dtype, count) = StorageId(pid);
            if (!storages.TryGetValue(key, out var storage))
            {
                var entry = archive.GetEntry(prefix + "data/" + key) ?? throw new InvalidDataException($"missing storage {key}");
                storages[key] = storage = StorageTensor(ReadAll(entry), dtype, count);
            }
            return storage;
        });
        return machine.Run();
    }

    private static byte[] ReadAll(ZipArchiveEntry entry)
    {
        using var stream = entry.Open();
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }

    // Legacy torch.save: pickles of magic number, protocol, system info, the object (storages by persistent id),
    // the list of storage keys, then per key an int64 element count and the raw little-endian data.
    private static object? ReadLegacy(byte[] bytes, Dictionary<string, Tensor> storages)
    {
        int position = 0;
        for (int i = 0; i < 3; i++) position = new PickleMachine(bytes, position, _ => null).RunToEnd().End;
        var (root, afterRoot) = new PickleMachine(bytes, position, pid =>
        {
            var (key, dtype, count) = StorageId(pid);
            // A storage cannot hold more elements than the file has bytes: checked before libtorch allocates it.
            if (count > bytes.Length) throw new InvalidDataException($"storage {key} claims {count} elements in a {bytes.Length}-byte file");
            if (!storages.TryGetValue(key, out var storage)) storages[key] = storage = empty(count, dtype);
            return storage;
        }).RunToEnd();
        var (keyList, dataStart) = new PickleMachine(bytes, afterRoot, _ => null).RunToEnd();
        position = dataStart;
        foreach (var item in Cast<List<object?>>(keyList))
        {
            var key = Cast<string>(item);
            var placeholder = storages.TryGetValue(key, out var known) ? known : throw new InvalidDataException($"storage {key} is not used by the state dict");
            long count = BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(position, 8));
            position += 8;
            if (count != placeholder.NumberOfElements) throw new InvalidDataException($"storage {key} holds {count} elements, its tensors say {placeholder.NumberOfElements}");
            int length = checked((int)(count * placeholder.ElementSize));
            placeholder.bytes = bytes.AsSpan(position, length);
            position += length;
        }
        return root;
    }

    private static (string Key, ScalarType Type, long Count) StorageId(object? pid)
    {
        var id = Cast<object?[]>(pid);
        if (id.Length < 5 || id[0] as string != "storage") throw new InvalidDataException("unknown persistent id");
        var type = Cast<PickleGlobal>(id[1]).Name switch
        {
            "FloatStorage" => ScalarType.Float32,
            "DoubleStorage" => ScalarType.Float64,
            "HalfStorage" => ScalarType.Float16,
            "BFloat16Storage" => ScalarType.BFloat16,
            "LongStorage" => ScalarType.Int64,
            "IntStorage" => ScalarType.Int32,
            "ShortStorage" => ScalarType.Int16,
            "CharStorage" => ScalarType.Int8,
            "ByteStorage" => ScalarType.Byte,
            "BoolStorage" => ScalarType.Bool,
            var other => throw new InvalidDataException($"unsupported storage {other}"),
        };
        long count = Convert.ToInt64(id[4], System.Globalization.CultureInfo.InvariantCulture);
        if (count < 0) throw new InvalidDataException($"storage of {count} elements");
        return (Convert.ToString(id[2], System.Globalization.CultureInfo.InvariantCulture) ?? "", type, count);
    }

    private static Tensor StorageTensor(byte[] data, ScalarType type, long count)
    {
        if (count > data.Length) throw new InvalidDataException($"storage of {count} elements in {data.Length} bytes");
        var storage = empty(count, type);
        try { storage.bytes = data.AsSpan(0, checked((int)(count * storage.ElementSize))); }
        catch
        {
            storage.Dispose();
            throw;
        }
        return storage;
    }

    // Training scripts often save {"state_dict": {...}} or {"params": {...}}: take the one nested dict of tensors.
    private static object? Unwrap(object? root)
    {
        if (root is Dictionary<object, object?> dict && !dict.Values.Any(v => v is PickledTensor))
        {
            var nested = dict.Values.OfType<Dictionary<object, object?>>().Where(d => d.Values.Any(v => v is PickledTensor)).ToArray();
            if (nested.Length == 1) return nested[0];
        }
        return root;
    }

    private static Dictionary<string, Tensor> ToStateDict(object? root, string path)
    {
        if (root is not Dictionary<object, object?> dict) throw new LumosException($"{path}: not a state dict (a saved whole model? save model.state_dict() instead)");
        var result = new Dictionary<string, Tensor>();
        foreach (var (key, value) in dict)
            if (value is PickledTensor view) result[(string)key] = view.Materialise();
        if (result.Count == 0) throw new LumosException($"{path}: the file holds no tensors");
        return result;
    }

    private sealed record PickleGlobal(string Module, string Name);

    /// <summary><paramref name="value"/> as a <typeparamref name="T"/>: the pickle said what it holds, and a file that lies is bad data.</summary>
    private static T Cast<T>(object? value) where T : class =>
        value as T ?? throw new InvalidDataException($"expected {typeof(T).Name}, found {value?.GetType().Name ?? "None"}");

    private sealed class PickleMachine(byte[] data, int start, Func<object?, object?> persistentLoad)
    {
        private static readonly object Mark = new();
        private readonly List<object?> stack = [];
        private readonly Dictionary<int, object?> memo = [];
        private int position = start;

        public object? Run() => RunToEnd().Value;

        public (object? Value, int End) RunToEnd()
        {
            while (true)
            {
                byte op = data[position++];
                switch (op)
                {
                    case 0x80: position++; break; // PROTO
                    case 0x95: position += 8; break; // FRAME
                    case (byte)'.': return (Pop(), position); // STOP
                    case (byte)'(': stack.Add(Mark); break;
                    case (byte)'0': Pop(); break;
                    case (byte)'1': PopMark(); break;
                    case (byte)'N': stack.Add(null); break;
                    case 0x88: stack.Add(true); break;
                    case 0x89: stack.Add(false); break;
                    case (byte)'J': stack.Add(BinaryPrimitives.ReadInt32LittleEndian(Take(4))); break;
                    case (byte)'K': stack.Add((int)Take(1)[0]); break;
                    case (byte)'M': stack.Add((int)BinaryPrimitives.ReadUInt16LittleEndian(Take(2))); break;
                    case 0x8a: stack.Add(Long(Take(Take(1)[0]))); break; // LONG1
                    case (byte)'G': stack.Add(BinaryPrimitives.ReadDoubleBigEndian(Take(8))); break;
                    case (byte)'X': stack.Add(Encoding.UTF8.GetString(Take(BinaryPrimitives.ReadInt32LittleEndian(Take(4))))); break;
                    case 0x8c: stack.Add(Encoding.UTF8.GetString(Take(Take(1)[0]))); break; // SHORT_BINUNICODE
                    case (byte)'T': stack.Add(Encoding.Latin1.GetString(Take(BinaryPrimitives.ReadInt32LittleEndian(Take(4))))); break;
                    case (byte)'U': stack.Add(Encoding.Latin1.GetString(Take(Take(1)[0]))); break;
                    case (byte)'c': stack.Add(new PickleGlobal(Line(), Line())); break;
                    case 0x93: { var name = Cast<string>(Pop()); stack.Add(new PickleGlobal(Cast<string>(Pop()), name)); break; } // STACK_GLOBAL
                    case (byte)']': stack.Add(new List<object?>()); break;
                    case (byte)'}': stack.Add(new Dictionary<object, object?>()); break;
                    case (byte)')': stack.Add(Array.Empty<object?>()); break;
                    case (byte)'t': stack.Add(PopMark().ToArray()); break;
                    case 0x85: stack.Add(new[] { Pop() }); break;
                    case 0x86: { var b = Pop(); stack.Add(new[] { Pop(), b }); break; }
                    case 0x87: { var c = Pop(); var b = Pop(); stack.Add(new[] { Pop(), b, c }); break; }
                    case (byte)'q': memo[Take(1)[0]] = stack[^1]; break;
                    case (byte)'r': memo[BinaryPrimitives.ReadInt32LittleEndian(Take(4))] = stack[^1]; break;
                    case 0x94: memo[memo.Count] = stack[^1]; break; // MEMOIZE
                    case (byte)'h': stack.Add(Memo(Take(1)[0])); break;
                    case (byte)'j': stack.Add(Memo(BinaryPrimitives.ReadInt32LittleEndian(Take(4)))); break;
                    case (byte)'Q': stack.Add(persistentLoad(Pop())); break;
                    case (byte)'R': { var args = Cast<object?[]>(Pop()); stack.Add(Reduce(Cast<PickleGlobal>(Pop()), args)); break; }
                    case (byte)'b': Pop(); break; // BUILD: only OrderedDict metadata reaches here; ignored
                    case (byte)'s': { var value = Pop(); var key = Pop() ?? throw new InvalidDataException("dict key None"); Cast<Dictionary<object, object?>>(stack[^1])[key] = value; break; }
                    case (byte)'u':
                    {
                        var items = PopMark();
                        var dict = Cast<Dictionary<object, object?>>(stack[^1]);
                        for (int i = 0; i < items.Count; i += 2) dict[items[i] ?? throw new InvalidDataException("dict key None")] = items[i + 1];
                        break;
                    }
                    case (byte)'a': { var value = Pop(); Cast<List<object?>>(stack[^1]).Add(value); break; }
                    case (byte)'e': { var items = PopMark(); Cast<List<object?>>(stack[^1]).AddRange(items); break; }
                    default: throw new InvalidDataException($"unsupported pickle opcode 0x{op:x2} at byte {position - 1}");
                }
            }
        }

        private static object? Reduce(PickleGlobal callable, object?[] args) => (callable.Module, callable.Name) switch
        {
            ("collections", "OrderedDict") => new Dictionary<object, object?>(),
            ("torch._utils", "_rebuild_tensor_v2" or "_rebuild_tensor") when args.Length >= 4 =>
                new PickledTensor(Cast<Tensor>(args[0]), Convert.ToInt64(args[1], System.Globalization.CultureInfo.InvariantCulture), Longs(args[2]), Longs(args[3])),
            ("torch._utils", "_rebuild_parameter") => args.Length > 0 && args[0] is PickledTensor view ? view : throw new InvalidDataException("parameter without tensor"),
            _ => throw new InvalidDataException($"the file asks for Python object {callable.Module}.{callable.Name}, which a state dict does not need"),
        };

        private static long[] Longs(object? tuple) => Cast<object?[]>(tuple).Select(v => Convert.ToInt64(v, System.Globalization.CultureInfo.InvariantCulture)).ToArray();

        private object? Memo(int index) => memo.TryGetValue(index, out var value) ? value : throw new InvalidDataException($"memo {index} was never stored");

        private static long Long(ReadOnlySpan<byte> bytes)
        {
            long value = 0;
            for (int i = bytes.Length - 1; i >= 0; i--) value = (value << 8) | bytes[i];
            if (bytes.Length is > 0 and < 8 && (bytes[^1] & 0x80) != 0) value -= 1L << (8 * bytes.Length);
            return value;
        }

        private ReadOnlySpan<byte> Take(int count)
        {
            var span = data.AsSpan(position, count);
            position += count;
            return span;
        }

        private string Line()
        {
            int end = Array.IndexOf(data, (byte)'\n', position);
            var text = Encoding.ASCII.GetString(data, position, end - position);
            position = end + 1;
            return text;
        }

        private object? Pop()
        {
            var value = stack[^1];
            stack.RemoveAt(stack.Count - 1);
            return value;
        }

        private List<object?> PopMark()
        {
            int mark = stack.Count - 1;
            while (!ReferenceEquals(stack[mark], Mark)) mark--;
            var items = stack.GetRange(mark + 1, stack.Count - mark - 1);
            stack.RemoveRange(mark, stack.Count - mark);
            return items;
        }
    }
}
