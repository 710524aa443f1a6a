"""Writes the NumPy-made test files of dit-io (src/test/resources/numpy/).

Every array's values follow from its flat C-order index i through one formula per dtype, which the
Java tests (NumpyFilesTest) restate, so the files need no separate expected values:
  float32/float64: (i * 0.37 - 5) / 3      (computed in float64, then cast)
  int64:           i * 1_000_000_007 - 3 * 10**12
  int32:           i * 7919 - 100000
  uint8:           (i * 37 + 11) % 256
  bool:            i % 3 == 0
Run from this folder: python3 make_numpy_files.py ../resources/numpy
"""
import os
import sys
import numpy as np

def values(dtype, shape, order="C"):
    n = int(np.prod(shape, dtype=np.int64))
    i = np.arange(n, dtype=np.int64)
    if dtype in (np.float32, np.float64):
        v = ((i * 0.37 - 5) / 3).astype(dtype)
    elif dtype == np.int64:
        v = i * 1_000_000_007 - 3 * 10**12
    elif dtype == np.int32:
        v = (i * 7919 - 100000).astype(np.int32)
    elif dtype == np.uint8:
        v = ((i * 37 + 11) % 256).astype(np.uint8)
    else:
        v = i % 3 == 0
    return np.asarray(v.reshape(shape), order=order)

ARRAYS = {
    "f4": (np.float32, (2, 3, 4)),
    "f8": (np.float64, (7,)),
    "i8": (np.int64, (3, 5)),
    "i4": (np.int32, (2, 2, 2, 2)),
    "u1": (np.uint8, (4, 6, 6, 3)),
    "b1": (np.bool_, (10,)),
    "scalar_f8": (np.float64, ()),
    "empty_f4": (np.float32, (0, 3)),
}

def main(out):
    os.makedirs(out, exist_ok=True)
    arrays = {k: values(dt, sh) for k, (dt, sh) in ARRAYS.items()}
    arrays["fortran_f4"] = values(np.float32, (3, 4), order="F")  # stored column-major
    np.savez(os.path.join(out, "stored.npz"), **arrays)
    np.savez_compressed(os.path.join(out, "deflated.npz"), **arrays)
    for version in ((1, 0), (2, 0), (3, 0)):
        with open(os.path.join(out, f"f4_v{version[0]}.npy"), "wb") as f:
            np.lib.format.write_array(f, arrays["f4"], version=version)
    np.save(os.path.join(out, "fortran_f8.npy"), values(np.float64, (2, 3, 4), order="F"))
    np.save(os.path.join(out, "big_endian_f4.npy"), values(np.float32, (3,)).astype(">f4"))
    np.save(os.path.join(out, "complex64.npy"), np.zeros(3, dtype=np.complex64))

if __name__ == "__main__":
    main(sys.argv[1])
