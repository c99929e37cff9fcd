#!/usr/bin/env bash
# Peak memory of otlab refusing hostile inputs (issue 21): builds small files that claim huge sizes
# in a temporary folder, runs otlab on each under /usr/bin/time -v, and prints the exit status,
# the maximum resident set size and the first 110 characters of the message.
#
#   scripts/refusal-memory.sh [OTLAB_BINARY]       (default .build/debug/otlab)
#
# Every refusal must exit 2 and stay under 100 MB. Needs python3 with numpy and Pillow for the files.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
otlab=$(realpath "${1:-$root/.build/debug/otlab}")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
python3 - <<'PY'
import struct, zlib, io
import numpy as np
from PIL import Image
def npyhdr(descr, shape):
    st = "(%d,)" % shape[0] if len(shape) == 1 else "(" + ", ".join(map(str, shape)) + ")"
    d = "{'descr': '%s', 'fortran_order': False, 'shape': %s, }" % (descr, st)
    while (10 + len(d) + 1) % 64: d += ' '
    d += '\n'
    return b'\x93NUMPY\x01\x00' + struct.pack('<H', len(d)) + d.encode()
def zipf(members, directory=None):
    out = b''; offs = []
    for name, method, data, size, crc in members:
        offs.append(len(out))
        out += struct.pack('<IHHHHHIIIHH', 0x04034b50, 20, 0, method, 0, 0, crc, len(data), size, len(name), 0) + name.encode() + data
    entries = directory or [(m[0], i) for i, m in enumerate(members)]
    cd = len(out)
    for name, i in entries:
        _, method, data, size, crc = members[i]
        out += struct.pack('<IHHHHHHIIIHHHHHII', 0x02014b50, 20, 20, 0, method, 0, 0, crc, len(data), size, len(name), 0, 0, 0, 0, 0, offs[i]) + name.encode()
    out += struct.pack('<IHHHHIIH', 0x06054b50, 0, 0, len(entries), len(entries), len(out) - cd, cd, 0)
    return out
# A sparse 2 GB .npy of uint8 (4 KB on disk).
h = npyhdr('|u1', [1 << 31])
with open('sparse.npy', 'wb') as f:
    f.write(h); f.truncate(len(h) + (1 << 31))
# An .npz member that really inflates to 500 MB of uint8 (the deflate ratio check passes).
import zipfile
with zipfile.ZipFile('bomb.npz', 'w', zipfile.ZIP_DEFLATED) as z:
    with z.open('M.npy', 'w', force_zip64=True) as f:
        f.write(npyhdr('|u1', [500_000_000]))
        chunk = bytes(1 << 20)
        for _ in range(476): f.write(chunk)
        f.write(bytes(500_000_000 - 476 * (1 << 20)))
# Three directory entries pointing at one member.
M = npyhdr('<f8', [2, 2]) + np.array([0, 1, 1, 0.]).tobytes()
open('shared.npz', 'wb').write(zipf([('M.npy', 0, M, len(M), zlib.crc32(M))], [('M.npy', 0), ('xs.npy', 0), ('a.npy', 0)]))
# 8192 x 8192 white pictures (84 KB as PNG) and a progressive JPEG header claiming 30000 x 30000.
raw = (b'\0' + b'\xff' * 8192) * 8192
def chunk(t, d): return struct.pack('>I', len(d)) + t + d + struct.pack('>I', zlib.crc32(t + d) & 0xffffffff)
open('white.png', 'wb').write(b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', 8192, 8192, 8, 0, 0, 0, 0)) + chunk(b'IDAT', zlib.compress(raw, 9)) + chunk(b'IEND', b''))
Image.new('L', (8192, 8192), 255).save('white.jpg', quality=50)
b = io.BytesIO(); Image.new('L', (16, 16), 255).save(b, 'JPEG', progressive=True); d = bytearray(b.getvalue())
i = d.find(b'\xff\xc2'); d[i + 5:i + 9] = (30000).to_bytes(2, 'big') + (30000).to_bytes(2, 'big')
open('progressive.jpg', 'wb').write(d[:282])
open('cell.csv', 'w').write('x,y\n0,' + 'z' * 1_000_000 + '\n')
open('good.csv', 'w').write('x,y\n0,0\n1,0\n0,1\n')
PY
printf 'x,y\n0,0\n' | iconv -t UTF-16 > utf16.csv
ln -s /dev/zero zero.csv
run() {
    local label=$1; shift
    /usr/bin/time -v -o time.txt "$otlab" "$@" >/dev/null 2>err.txt && status=0 || status=$?
    rss=$(awk -F': ' '/Maximum resident/ {print $2}' time.txt)
    printf '%-34s exit %s  %6d KB  %s\n' "$label" "$status" "$rss" "$(head -c 110 err.txt | tr '\n' ' ')"
}
run "sparse 2 GB .npy"                solve sparse.npy good.csv
run "npz member inflating 500 MB"     solve bomb.npz
run "npz entries sharing a member"    solve shared.npz
run "8192x8192 white PNG, sinkhorn"   solve white.png white.png
run "8192x8192 white JPEG, sinkhorn"  solve white.jpg white.jpg
run "progressive JPEG 30000^2 header" solve progressive.jpg good.csv --solver sinkhorn-online
run "1 MB CSV cell"                   solve cell.csv good.csv
run "UTF-16 CSV"                      solve utf16.csv good.csv
run "/dev/zero behind a symlink"      solve zero.csv good.csv
