#!/usr/bin/python3
"""PyTorch counterpart of `dit bench --model sd-vae`: the Stable Diffusion VAE (diffusers AutoencoderKL,
block_out_channels 128/256/512/512, 2 resnets per block, 4 latent channels, GroupNorm(32, eps 1e-6),
SiLU, single-head mid-block attention, nearest x2 upsampling, pad-(0,1,0,1) stride-2 downsampling) with
random weights, written out in plain torch so that it needs no diffusers. The same graph as dit-vae's
SdVaeOnnxWriter, which the Java side imports.

Phases (batch N, image S px, latent S/8):
  sgemm         a 2048^3 float32 matrix product (the machine's ceiling)
  vae_decode    post_quant_conv + decoder: (N, 4, S/8, S/8) -> (N, 3, S, S)
  vae_encode    encoder + quant_conv:      (N, 3, S, S)     -> (N, 8, S/8, S/8)
MACs: every convolution (Cin*Cout*k*k per output pixel), the attention's four projections and its two
products, counted by forward hooks; GFLOP/s = 2 * MACs / s.

Usage: /usr/bin/python3 bench/pytorch_vae.py --batch 1 [--image 256] [--threads 2] [--json]
"""
import argparse
import json
import os
import statistics
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pytorch_dit import rss_peak_bytes, rss_reset, summary, timed  # noqa: E402  (same measurement rules)

WIDTHS, LAYERS, LATENT = (128, 256, 512, 512), 2, 4


def norm(c):
    return nn.GroupNorm(32, c, eps=1e-6)


class Resnet(nn.Module):
    def __init__(self, cin, cout):
        super().__init__()
        self.norm1, self.conv1 = norm(cin), nn.Conv2d(cin, cout, 3, padding=1)
        self.norm2, self.conv2 = norm(cout), nn.Conv2d(cout, cout, 3, padding=1)
        self.shortcut = nn.Conv2d(cin, cout, 1) if cin != cout else None

    def forward(self, x):                                              # (N, Cin, H, W)
        h = self.conv1(F.silu(self.norm1(x)))                          # (N, Cout, H, W)
        h = self.conv2(F.silu(self.norm2(h)))                          # (N, Cout, H, W)
        return (x if self.shortcut is None else self.shortcut(x)) + h


class Attention(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.norm = norm(c)
        self.q, self.k, self.v, self.out = (nn.Linear(c, c) for _ in range(4))
        self.macs = 0

    def forward(self, x):                                              # (N, C, H, W)
        n, c, h, w = x.shape
        t = self.norm(x).reshape(n, c, h * w).transpose(1, 2)          # (N, T, C)
        q, k, v = self.q(t), self.k(t), self.v(t)                      # (N, T, C)
        p = torch.softmax(q @ k.transpose(1, 2) / c ** 0.5, dim=-1)    # (N, T, T)
        self.macs += 2 * n * (h * w) ** 2 * c                          # the two products
        o = self.out(p @ v)                                            # (N, T, C)
        return o.transpose(1, 2).reshape(n, c, h, w) + x


def mid(c):
    return nn.Sequential(Resnet(c, c), Attention(c), Resnet(c, c))


class Down(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.conv = nn.Conv2d(c, c, 3, stride=2)

    def forward(self, x):
        return self.conv(F.pad(x, (0, 1, 0, 1)))


class Up(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.conv = nn.Conv2d(c, c, 3, padding=1)

    def forward(self, x):
        return self.conv(F.interpolate(x, scale_factor=2.0, mode="nearest"))


def encoder():
    layers, prev = [nn.Conv2d(3, WIDTHS[0], 3, padding=1)], WIDTHS[0]
    for i, c in enumerate(WIDTHS):
        layers += [Resnet(prev if r == 0 else c, c) for r in range(LAYERS)]
        if i < len(WIDTHS) - 1:
            layers.append(Down(c))
        prev = c
    layers += [mid(prev), norm(prev), nn.SiLU(), nn.Conv2d(prev, 2 * LATENT, 3, padding=1),
               nn.Conv2d(2 * LATENT, 2 * LATENT, 1)]
    return nn.Sequential(*layers)


def decoder():
    top = WIDTHS[-1]
    layers, prev = [nn.Conv2d(LATENT, LATENT, 1), nn.Conv2d(LATENT, top, 3, padding=1), mid(top)], top
    for i, c in enumerate(reversed(WIDTHS)):
        layers += [Resnet(prev if r == 0 else c, c) for r in range(LAYERS + 1)]
        if i < len(WIDTHS) - 1:
            layers.append(Up(c))
        prev = c
    layers += [norm(prev), nn.SiLU(), nn.Conv2d(prev, 3, 3, padding=1)]
    return nn.Sequential(*layers)


def count_macs(model, x):
    """MACs of one forward of model on x: convolutions and linears by hooks, attention products by hand."""
    total = [0]

    def conv_hook(m, inp, out):
        total[0] += out.numel() * m.in_channels * m.kernel_size[0] * m.kernel_size[1] // m.groups

    def linear_hook(m, inp, out):
        total[0] += out.numel() * m.in_features
    hooks = [m.register_forward_hook(conv_hook) for m in model.modules() if isinstance(m, nn.Conv2d)]
    hooks += [m.register_forward_hook(linear_hook) for m in model.modules() if isinstance(m, nn.Linear)]
    attn = [m for m in model.modules() if isinstance(m, Attention)]
    for a in attn:
        a.macs = 0
    with torch.no_grad():
        model(x)
    for h in hooks:
        h.remove()
    return (total[0] + sum(a.macs for a in attn)) // x.shape[0]


def run(args):
    torch.manual_seed(args.seed)
    n, s = args.batch, args.image
    results = []
    a, b = torch.randn(2048, 2048), torch.randn(2048, 2048)
    secs, rss = timed(lambda: torch.mm(a, b), 2, 5)
    results.append(summary("sgemm", secs, rss, 0, 2.0 * 2048 ** 3))
    del a, b
    macs = {}
    for name, net, x in (("vae_decode", decoder(), torch.randn(n, LATENT, s // 8, s // 8)),
                         ("vae_encode", encoder(), torch.randn(n, 3, s, s))):
        net.eval()
        macs[name] = count_macs(net, x[:1])
        with torch.no_grad():
            secs, rss = timed(lambda: net(x), args.warmup, args.reps)
        results.append(summary(name, secs, rss, n, 2.0 * macs[name] * n))
        del net
    ceiling = results[0]["gflops"]
    for r in results:
        r["fraction_of_ceiling"] = r["gflops"] / ceiling
    return {"implementation": "pytorch", "torch": torch.__version__, "threads": torch.get_num_threads(),
            "model": "sd-vae", "batch": n, "image": s, "macs_per_image": macs["vae_decode"], "macs": macs,
            "load_avg": os.getloadavg(), "results": results}


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--batch", type=int, default=1)
    p.add_argument("--image", type=int, default=256)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--reps", type=int, default=3)
    p.add_argument("--warmup", type=int, default=1)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--json", action="store_true")
    args = p.parse_args()
    torch.set_num_threads(args.threads)
    report = run(args)
    if args.json:
        print(json.dumps(report))
    else:
        print(f"PyTorch {report['torch']} ({report['threads']} threads) SD-VAE batch {args.batch}, {args.image} px; "
              f"MACs/image {report['macs']}")
        for r in report["results"]:
            print(f"  {r['name']:<11} {r['median_s']:8.3f} s  {r['gflops']:7.1f} GFLOP/s  "
                  f"{100 * r['fraction_of_ceiling']:5.1f}% of ceiling  RSS {r['peak_rss_bytes'] / 2**20:.0f} MB")


if __name__ == "__main__":
    main()
