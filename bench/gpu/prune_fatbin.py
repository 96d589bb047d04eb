#!/usr/bin/python3
"""Zeroes the GPU code for every architecture but one in a CUDA library's .nv_fatbin section, so it compresses.

usage: prune_fatbin.py IN.so OUT.so SM    (SM: 90 for an H100/H200)

A GPU loads only the cubin built for its own architecture (or JIT-compiles PTX, which ONNX Runtime 1.31's CUDA
provider does not carry), so the other cubins are dead weight on that machine: zeroing them leaves the headers and
offsets intact and let 284 MB of libonnxruntime_providers_cuda.so compress to 52 MB instead of 186. Only for carrying
a build to one known GPU; never ship the result. Fatbin layout: a container header (magic 0xBA55ED50, u16 version,
u16 header size, u64 payload size), then entries, each with u16 kind, u16 version, u32 header size, u32 padded
payload size, and the SM architecture at byte 28 of its header.
"""
import struct
import subprocess
import sys

MAGIC = 0xBA55ED50


def fatbin_section(path):
    for line in subprocess.check_output(['readelf', '-SW', path], text=True).splitlines():
        if '.nv_fatbin' in line:
            fields = line.split(']')[1].split()
            return int(fields[3], 16), int(fields[4], 16)
    sys.exit(f'{path}: no .nv_fatbin section')


def main(source, target, keep):
    data = bytearray(open(source, 'rb').read())
    offset, size = fatbin_section(source)
    position, end, zeroed, kept = offset, offset + size, 0, 0
    while position < end:
        magic, _, header_size, payload_size = struct.unpack_from('<IHHQ', data, position)
        if magic != MAGIC:
            position += 8  # containers are 8-byte aligned
            continue
        entry, entries_end = position + header_size, position + header_size + payload_size
        while entry < entries_end:
            _, _, entry_header, entry_payload = struct.unpack_from('<HHII', data, entry)
            architecture = struct.unpack_from('<I', data, entry + 28)[0]
            start = entry + entry_header
            if architecture == keep:
                kept += entry_payload
            else:
                data[start:start + entry_payload] = bytes(entry_payload)
                zeroed += entry_payload
            entry = start + entry_payload
        position = entries_end
    if kept == 0:
        sys.exit(f'{source}: no sm_{keep} code: the GPU could not run it')
    open(target, 'wb').write(data)
    print(f'kept {kept / 1e6:.1f} MB of sm_{keep} code, zeroed {zeroed / 1e6:.1f} MB')


if __name__ == '__main__':
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]))
