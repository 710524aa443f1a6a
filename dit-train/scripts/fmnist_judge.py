#!/usr/bin/env python3
"""Scores Fashion-MNIST samples: the share a classifier assigns to the requested class.

A two-layer MLP (784-512-10, ReLU, Adam, 8 epochs) trained with NumPy on the Fashion-MNIST training
set (~89 % test accuracy) judges `dit sample` output (arr_0: uint8 N x 28 x 28 x 1 or N x 32 x 32 x 1
-- 32 is center-cropped to 28 --, labels: N). Used to choose and report the quickstart recipe; the
same measure as the "classifier agreement" of the PyTorch baseline in docs/SPEC.md.

    python3 dit-train/scripts/fmnist_judge.py samples.npz [--data /usr/share/datasets/fashion-mnist]
"""
import argparse, gzip, hashlib, os, sys, tempfile
import numpy as np

def load_idx(path):
    with gzip.open(path, "rb") if path.endswith(".gz") else open(path, "rb") as f:
        data = f.read()
    ndim = data[3]
    dims = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(ndim)]
    return np.frombuffer(data, np.uint8, offset=4 + 4 * ndim).reshape(dims)

def idx_file(folder, name):
    """The gzipped IDX file when present, else the uncompressed one (as quickstart.sh accepts)."""
    plain = os.path.join(folder, name)
    return plain + ".gz" if os.path.exists(plain + ".gz") else plain

def load(folder, split):
    x = load_idx(idx_file(folder, f"{split}-images-idx3-ubyte")).reshape(-1, 784) / 255.0
    y = load_idx(idx_file(folder, f"{split}-labels-idx1-ubyte")).astype(np.int64)
    return x.astype(np.float32), y

def default_cache(folder):
    """A cache file per data folder, in the system's temporary directory."""
    tag = hashlib.sha256(os.path.abspath(folder).encode("utf-8")).hexdigest()[:12]
    return os.path.join(tempfile.gettempdir(), f"fmnist_judge_mlp-{tag}.npz")

def forward(w, x):
    h = np.maximum(x @ w["w1"] + w["b1"], 0)
    return h @ w["w2"] + w["b2"], h

def train(folder, cache):
    if os.path.exists(cache):
        return dict(np.load(cache))
    x, y = load(folder, "train")
    rng = np.random.default_rng(0)
    w = {"w1": rng.normal(0, np.sqrt(2 / 784), (784, 512)).astype(np.float32), "b1": np.zeros(512, np.float32),
         "w2": rng.normal(0, np.sqrt(1 / 512), (512, 10)).astype(np.float32), "b2": np.zeros(10, np.float32)}
    m = {k: np.zeros_like(v) for k, v in w.items()}
    v = {k: np.zeros_like(v) for k, v in w.items()}
    step = 0
    for epoch in range(8):
        order = rng.permutation(len(x))
        for i in range(0, len(x), 128):
            idx = order[i:i + 128]
            xb, yb = x[idx], y[idx]
            logits, h = forward(w, xb)
            p = np.exp(logits - logits.max(1, keepdims=True)); p /= p.sum(1, keepdims=True)
            p[np.arange(len(yb)), yb] -= 1; p /= len(yb)
            dh = (p @ w["w2"].T) * (h > 0)
            g = {"w2": h.T @ p, "b2": p.sum(0), "w1": xb.T @ dh, "b1": dh.sum(0)}
            step += 1
            for k in w:
                m[k] = 0.9 * m[k] + 0.1 * g[k]; v[k] = 0.999 * v[k] + 0.001 * g[k] ** 2
                w[k] -= 1e-3 * (m[k] / (1 - 0.9 ** step)) / (np.sqrt(v[k] / (1 - 0.999 ** step)) + 1e-8)
    np.savez(cache, **w)
    return w

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("samples")
    ap.add_argument("--data", default=os.environ.get("DIT_FASHION_MNIST_DIR", "/usr/share/datasets/fashion-mnist"))
    ap.add_argument("--cache", default=None,
                    help="trained classifier weights (default: one file per --data folder in the temporary directory)")
    a = ap.parse_args()
    w = train(a.data, a.cache or default_cache(a.data))
    xt, yt = load(a.data, "t10k")
    test_acc = (forward(w, xt)[0].argmax(1) == yt).mean()
    s = np.load(a.samples)
    imgs, labels = s["arr_0"], s["labels"]
    if imgs.shape[1] == 32:
        imgs = imgs[:, 2:30, 2:30]
    pred = forward(w, imgs.reshape(len(imgs), -1).astype(np.float32) / 255.0)[0].argmax(1)
    agree = (pred == labels).mean()
    per = [float((pred[labels == c] == c).mean()) if (labels == c).any() else float("nan") for c in range(10)]
    print(f"classifier test accuracy {test_acc:.3f}; samples {len(labels)}; agreement {agree:.3f}")
    print("per class: " + " ".join(f"{p:.2f}" for p in per))

if __name__ == "__main__":
    sys.exit(main())
