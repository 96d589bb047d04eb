using System.Globalization;
using System.IO.Compression;
using System.Runtime.InteropServices;
using System.Text;
using Lumos.Onnx;

namespace Lumos.Bench;

/// <summary>
/// numpy's .npy (format 1.0, little-endian float32, C order) and .npz (a zip of .npy files named by key): how weights
/// and images reach the Python peer without libtorch. See numpy.lib.format.
/// </summary>
internal static class Npy
{
    private static readonly byte[] Magic = [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0];

    public static void Write(string path, long[] shape, float[] values)
    {
        using var file = File.Create(path);
        Write(file, shape, values);
    }

    /// <summary>Writes every tensor as KEY.npy into one .npz (stored, not deflated).</summary>
    public static void WriteArchive(string path, IReadOnlyDictionary<string, WeightTensor> tensors)
    {
        using var zip = ZipFile.Open(path, ZipArchiveMode.Create);
        foreach (var (key, tensor) in tensors)
        {
            using var entry = zip.CreateEntry(key + ".npy", CompressionLevel.NoCompression).Open();
            Write(entry, tensor.Shape, tensor.Values);
        }
    }

    /// <summary>The values of a float32 .npy file, in C order.</summary>
    public static float[] Read(string path)
    {
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length < 10 || !bytes.AsSpan(0, 6).SequenceEqual(Magic.AsSpan(0, 6))) throw new LumosException($"{path}: not a .npy file");
        int headerLength = bytes[6] == 1 ? BitConverter.ToUInt16(bytes, 8) : (int)BitConverter.ToUInt32(bytes, 8);
        int dataStart = (bytes[6] == 1 ? 10 : 12) + headerLength;
        string header = Encoding.ASCII.GetString(bytes, dataStart - headerLength, headerLength);
        if (!header.Contains("'<f4'") || header.Contains("'fortran_order': True")) throw new LumosException($"{path}: not a C-order float32 array ({header.Trim()})");
        return MemoryMarshal.Cast<byte, float>(bytes.AsSpan(dataStart)).ToArray();
    }

    private static void Write(Stream stream, long[] shape, float[] values)
    {
        string dimensions = string.Join(", ", shape.Select(d => d.ToString(CultureInfo.InvariantCulture))) + (shape.Length == 1 ? "," : "");
        string header = $"{{'descr': '<f4', 'fortran_order': False, 'shape': ({dimensions}), }}";
        int padded = (Magic.Length + 2 + header.Length + 1 + 63) / 64 * 64; // the data starts 64-byte aligned
        header = header.PadRight(padded - Magic.Length - 2 - 1) + "\n";
        stream.Write(Magic);
        stream.Write(BitConverter.GetBytes((ushort)header.Length));
        stream.Write(Encoding.ASCII.GetBytes(header));
        stream.Write(MemoryMarshal.AsBytes(values.AsSpan()));
    }
}
