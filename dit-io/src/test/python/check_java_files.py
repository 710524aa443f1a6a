"""Checks that NumPy reads the files dit-io's InteropTest wrote (argument: their folder).

Each .npz / .npy there holds arrays named "<dtype>_<anything>" (dtype one of f4 f8 i8 i4 u1 b1)
whose values follow make_numpy_files.values(); exits 1 with a message on the first difference.
"""
import glob
import os
import sys
import numpy as np
from make_numpy_files import values

TYPES = {"f4": np.float32, "f8": np.float64, "i8": np.int64, "i4": np.int32, "u1": np.uint8, "b1": np.bool_}

def check(name, arr):
    want = values(TYPES[name.split("_")[0]], arr.shape)
    if arr.dtype != want.dtype or not np.array_equal(arr, want):
        sys.exit(f"{name}: got {arr.dtype} {arr.shape} {arr.ravel()[:5]}, want {want.dtype} {want.ravel()[:5]}")

def main(folder):
    n = 0
    for f in sorted(glob.glob(os.path.join(folder, "*.npz"))):
        with np.load(f) as z:
            for k in z.files:
                check(k, z[k]); n += 1
    for f in sorted(glob.glob(os.path.join(folder, "*.npy"))):
        check(os.path.basename(f)[:-4], np.load(f)); n += 1
    print(f"numpy read {n} arrays")

if __name__ == "__main__":
    main(sys.argv[1])
