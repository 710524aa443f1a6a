#!/usr/bin/python3
"""PyTorch baseline for `dit bench`: a faithful DiT (the architecture dit-model ports) timed the same way.

Runs with Debian's torch 1.13 (`apt-get install python3-torch libopenblas0-pthread`) under
/usr/bin/python3 -- NOT a pyenv `python3` that lacks torch. Without libopenblas0-pthread Debian's torch
falls back to the reference BLAS (about 6 GFLOP/s here) and the baseline would be meaningless; the
script prints the sgemm ceiling it reached so that mistake is visible.

Our own code, written from the paper and the fixture READMEs (not a copy of facebookresearch/DiT): the model
(adaLN-Zero blocks, learned sigma), the improved-DDPM diffusion pieces the benchmark needs (linear
betas, 250-step respacing, learned-range variance, hybrid loss L_simple + L_vb with a stop-gradient on
the mean, ancestral DDPM step), AdamW + EMA as in the official train.py. `--check-fixture` verifies
the model against dit-model/src/test/resources/fixtures/model/model_tiny.npz before anything is timed.

What is timed (median and spread over --reps iterations after --warmup):
  forward  model(x, t, y) on the batch, no grad, eval mode
  train    training_losses -> mean -> backward -> AdamW step -> EMA update, train mode (label drop)
  sample   one DDPM step with classifier-free guidance on 2 x batch rows (forward_with_cfg + p_sample)
  sgemm    a 2048^3 float32 matrix product (the machine's ceiling)
Peak RSS (VmHWM, reset per phase through /proc/self/clear_refs) is reported for every phase.

Usage: /usr/bin/python3 bench/pytorch_dit.py --model DiT-S/2 --batch 8 [--json] [--check-fixture F]
"""
import argparse
import json
import math
import os
import statistics
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

CONFIGS = {  # name: (depth, hidden, patch, heads)
    "DiT-S/2": (12, 384, 2, 6), "DiT-S/4": (12, 384, 4, 6), "DiT-S/8": (12, 384, 8, 6),
    "DiT-B/2": (12, 768, 2, 12), "DiT-B/4": (12, 768, 4, 12), "DiT-B/8": (12, 768, 8, 12),
    "DiT-L/2": (24, 1024, 2, 16), "DiT-L/4": (24, 1024, 4, 16), "DiT-L/8": (24, 1024, 8, 16),
    "DiT-XL/2": (28, 1152, 2, 16), "DiT-XL/4": (28, 1152, 4, 16), "DiT-XL/8": (28, 1152, 8, 16),
}


# ----------------------------------------------------------------------------- model

def sincos_2d(width, grid):
    """(G*G, D) table: first half encodes the column, second half the row; each [sin | cos]."""
    quarter = width // 4
    omega = 1.0 / 10000 ** (np.arange(quarter, dtype=np.float64) / quarter)
    rows, cols = np.meshgrid(np.arange(grid), np.arange(grid), indexing="ij")

    def half(pos):
        arg = pos.reshape(-1, 1).astype(np.float64) * omega
        return np.concatenate([np.sin(arg), np.cos(arg)], axis=1)
    return np.concatenate([half(cols), half(rows)], axis=1).astype(np.float32)


def timestep_features(t, dim=256):
    half = dim // 2
    freqs = torch.exp(-math.log(10000.0) * torch.arange(half, dtype=torch.float32) / half)
    args = t.float()[:, None] * freqs[None]
    return torch.cat([torch.cos(args), torch.sin(args)], dim=1)


def modulate(x, shift, scale):
    return x * (1 + scale.unsqueeze(1)) + shift.unsqueeze(1)


class Attention(nn.Module):
    def __init__(self, d, heads):
        super().__init__()
        self.heads = heads
        self.qkv = nn.Linear(d, 3 * d)
        self.proj = nn.Linear(d, d)

    def forward(self, x):                                              # (N, T, D)
        n, t, d = x.shape
        hd = d // self.heads
        qkv = self.qkv(x).reshape(n, t, 3, self.heads, hd).permute(2, 0, 3, 1, 4)
        q, k, v = qkv[0], qkv[1], qkv[2]                               # (N, H, T, hd)
        att = ((q * hd ** -0.5) @ k.transpose(-2, -1)).softmax(dim=-1)  # (N, H, T, T)
        return self.proj((att @ v).transpose(1, 2).reshape(n, t, d))


class Mlp(nn.Module):
    def __init__(self, d, hidden):
        super().__init__()
        self.fc1 = nn.Linear(d, hidden)
        self.fc2 = nn.Linear(hidden, d)

    def forward(self, x):
        return self.fc2(F.gelu(self.fc1(x), approximate="tanh"))


class Block(nn.Module):
    def __init__(self, d, heads):
        super().__init__()
        self.norm1 = nn.LayerNorm(d, elementwise_affine=False, eps=1e-6)
        self.attn = Attention(d, heads)
        self.norm2 = nn.LayerNorm(d, elementwise_affine=False, eps=1e-6)
        self.mlp = Mlp(d, 4 * d)
        self.adaLN_modulation = nn.Sequential(nn.SiLU(), nn.Linear(d, 6 * d))

    def forward(self, x, c):
        s1, sc1, g1, s2, sc2, g2 = self.adaLN_modulation(c).chunk(6, dim=1)
        x = x + g1.unsqueeze(1) * self.attn(modulate(self.norm1(x), s1, sc1))
        return x + g2.unsqueeze(1) * self.mlp(modulate(self.norm2(x), s2, sc2))


class DiT(nn.Module):
    def __init__(self, input_size, patch, in_ch, d, depth, heads, classes, learn_sigma=True, drop=0.1):
        super().__init__()
        self.p, self.c, self.classes, self.drop = patch, in_ch, classes, drop
        self.out_c = 2 * in_ch if learn_sigma else in_ch
        self.grid = input_size // patch
        self.x_embedder = nn.Module()
        self.x_embedder.proj = nn.Conv2d(in_ch, d, patch, stride=patch)
        self.t_embedder = nn.Module()
        self.t_embedder.mlp = nn.Sequential(nn.Linear(256, d), nn.SiLU(), nn.Linear(d, d))
        self.y_embedder = nn.Module()
        self.y_embedder.embedding_table = nn.Embedding(classes + (1 if drop > 0 else 0), d)
        self.pos_embed = nn.Parameter(torch.from_numpy(sincos_2d(d, self.grid))[None], requires_grad=False)
        self.blocks = nn.ModuleList([Block(d, heads) for _ in range(depth)])
        self.final_layer = nn.Module()
        self.final_layer.norm_final = nn.LayerNorm(d, elementwise_affine=False, eps=1e-6)
        self.final_layer.linear = nn.Linear(d, patch * patch * self.out_c)
        self.final_layer.adaLN_modulation = nn.Sequential(nn.SiLU(), nn.Linear(d, 2 * d))
        self.official_init()

    def official_init(self):
        for m in self.modules():
            if isinstance(m, nn.Linear):
                nn.init.xavier_uniform_(m.weight)
                nn.init.zeros_(m.bias)
        w = self.x_embedder.proj.weight
        nn.init.xavier_uniform_(w.view(w.shape[0], -1))
        nn.init.zeros_(self.x_embedder.proj.bias)
        nn.init.normal_(self.y_embedder.embedding_table.weight, std=0.02)
        nn.init.normal_(self.t_embedder.mlp[0].weight, std=0.02)
        nn.init.normal_(self.t_embedder.mlp[2].weight, std=0.02)
        for lin in [b.adaLN_modulation[1] for b in self.blocks] + [self.final_layer.adaLN_modulation[1],
                                                                   self.final_layer.linear]:
            nn.init.zeros_(lin.weight)
            nn.init.zeros_(lin.bias)

    def forward(self, x, t, y):
        x = self.x_embedder.proj(x).flatten(2).transpose(1, 2) + self.pos_embed   # (N, T, D)
        if self.training and self.drop > 0:
            y = torch.where(torch.rand(y.shape[0]) < self.drop, torch.full_like(y, self.classes), y)
        c = self.t_embedder.mlp(timestep_features(t)) + self.y_embedder.embedding_table(y)
        for block in self.blocks:
            x = block(x, c)
        fl = self.final_layer
        shift, scale = fl.adaLN_modulation(c).chunk(2, dim=1)
        x = fl.linear(modulate(fl.norm_final(x), shift, scale))                 # (N, T, p*p*C)
        n, g, p = x.shape[0], self.grid, self.p
        x = x.reshape(n, g, g, p, p, self.out_c)
        return torch.einsum("nhwpqc->nchpwq", x).reshape(n, self.out_c, g * p, g * p)

    def forward_with_cfg(self, x, t, y, scale):
        half = x[: len(x) // 2]
        out = self.forward(torch.cat([half, half]), t, y)
        eps, rest = out[:, :3], out[:, 3:]
        cond, uncond = torch.split(eps, len(eps) // 2)
        guided = uncond + scale * (cond - uncond)
        return torch.cat([torch.cat([guided, guided]), rest], dim=1)


# ----------------------------------------------------------------------------- diffusion

class Diffusion:
    """Linear betas (T=1000), optionally respaced; learned-range variance; epsilon prediction."""

    def __init__(self, respacing=None, steps=1000):
        scale = 1000 / steps
        base = np.linspace(scale * 1e-4, scale * 0.02, steps, dtype=np.float64)
        ac = np.cumprod(1.0 - base)
        keep = self.spaced(steps, respacing) if respacing else list(range(steps))
        betas, last = [], 1.0
        for i in keep:
            betas.append(1 - ac[i] / last)
            last = ac[i]
        self.timestep_map = torch.tensor(keep, dtype=torch.long)
        b = np.array(betas, dtype=np.float64)
        a = np.cumprod(1.0 - b)
        a_prev = np.append(1.0, a[:-1])
        pv = b * (1 - a_prev) / (1 - a)
        self.T = len(b)
        self.tab = {k: torch.from_numpy(v) for k, v in dict(
            sqrt_ac=np.sqrt(a), sqrt_1m_ac=np.sqrt(1 - a), sqrt_recip_ac=np.sqrt(1 / a),
            sqrt_recipm1_ac=np.sqrt(1 / a - 1), log_betas=np.log(b),
            post_logvar=np.log(np.append(pv[1], pv[1:])),
            coef1=b * np.sqrt(a_prev) / (1 - a), coef2=(1 - a_prev) * np.sqrt(1 - b) / (1 - a)).items()}

    @staticmethod
    def spaced(steps, count):
        """space_timesteps(steps, [count]) for one section: cumulative float stride, Python rounding."""
        stride, pos, kept = (steps - 1) / (int(count) - 1), 0.0, set()
        for _ in range(int(count)):
            kept.add(round(pos))
            pos += stride
        return sorted(kept)

    def ex(self, name, t, like):
        return self.tab[name][t].float().reshape(-1, *([1] * (like.dim() - 1)))

    def q_sample(self, x0, t, noise):
        return self.ex("sqrt_ac", t, x0) * x0 + self.ex("sqrt_1m_ac", t, x0) * noise

    def q_posterior(self, x0, xt, t):
        return self.ex("coef1", t, xt) * x0 + self.ex("coef2", t, xt) * xt, self.ex("post_logvar", t, xt)

    def p_mean_variance(self, out, xt, t):
        c = xt.shape[1]
        eps, v = out[:, :c], out[:, c:]
        frac = (v + 1) / 2
        logvar = frac * self.ex("log_betas", t, xt) + (1 - frac) * self.ex("post_logvar", t, xt)
        x0 = self.ex("sqrt_recip_ac", t, xt) * xt - self.ex("sqrt_recipm1_ac", t, xt) * eps
        mean, _ = self.q_posterior(x0, xt, t)
        return mean, logvar

    def p_sample(self, model_fn, x, t, y, noise=None):
        out = model_fn(x, self.timestep_map[t], y)
        mean, logvar = self.p_mean_variance(out, x, t)
        mask = (t != 0).float().reshape(-1, *([1] * (x.dim() - 1)))
        noise = torch.randn_like(x) if noise is None else noise
        return mean + mask * torch.exp(0.5 * logvar) * noise

    def training_losses(self, model, x0, t, y, noise=None):
        noise = torch.randn_like(x0) if noise is None else noise
        xt = self.q_sample(x0, t, noise)
        out = model(xt, self.timestep_map[t], y)
        c = x0.shape[1]
        mse = ((noise - out[:, :c]) ** 2).mean(dim=(1, 2, 3))
        frozen = torch.cat([out[:, :c].detach(), out[:, c:]], dim=1)
        mean, logvar = self.p_mean_variance(frozen, xt, t)
        true_mean, true_logvar = self.q_posterior(x0, xt, t)
        kl = 0.5 * (-1 + logvar - true_logvar + torch.exp(true_logvar - logvar)
                    + (true_mean - mean) ** 2 * torch.exp(-logvar))
        kl = kl.mean(dim=(1, 2, 3)) / math.log(2.0)
        nll = -discretized_log_likelihood(x0, mean, 0.5 * logvar).mean(dim=(1, 2, 3)) / math.log(2.0)
        return mse + torch.where(t == 0, nll, kl)


def approx_cdf(x):
    return 0.5 * (1.0 + torch.tanh(math.sqrt(2.0 / math.pi) * (x + 0.044715 * x ** 3)))


def discretized_log_likelihood(x, means, log_scales):
    centred = x - means
    inv = torch.exp(-log_scales)
    cdf_plus = approx_cdf(inv * (centred + 1.0 / 255.0))
    cdf_min = approx_cdf(inv * (centred - 1.0 / 255.0))
    log_cdf_plus = torch.log(cdf_plus.clamp(min=1e-12))
    log_one_minus_cdf_min = torch.log((1.0 - cdf_min).clamp(min=1e-12))
    log_delta = torch.log((cdf_plus - cdf_min).clamp(min=1e-12))
    return torch.where(x < -0.999, log_cdf_plus, torch.where(x > 0.999, log_one_minus_cdf_min, log_delta))


# ----------------------------------------------------------------------------- fixture check

def check_fixture(path):
    """Loads model_tiny.npz into our DiT and compares forward and forward_with_cfg (SPEC tolerance)."""
    z = np.load(path)
    cfg = {k[4:]: z[k].item() for k in z.files if k.startswith("cfg.")}
    model = DiT(int(cfg["input_size"]), int(cfg["patch_size"]), int(cfg["in_channels"]), int(cfg["hidden_size"]),
                int(cfg["depth"]), int(cfg["num_heads"]), int(cfg["num_classes"]), bool(cfg["learn_sigma"]),
                float(cfg["class_dropout_prob"])).eval()
    state = {k: torch.from_numpy(z[k]) for k in model.state_dict()}
    model.load_state_dict(state, strict=True)
    with torch.no_grad():
        fwd = model(torch.from_numpy(z["in.x"]), torch.from_numpy(z["in.t"]), torch.from_numpy(z["in.y"]))
        cfg_out = model.forward_with_cfg(torch.from_numpy(z["in.x_cfg"]), torch.from_numpy(z["in.t_cfg"]),
                                         torch.from_numpy(z["in.y_cfg"]), float(z["in.cfg_scale"][0]))
    worst = 0.0
    for got, key in ((fwd, "out.forward"), (cfg_out, "out.forward_with_cfg")):
        ref = torch.from_numpy(z[key])
        excess = ((got - ref).abs() - (2e-4 + 1e-4 * ref.abs())).max().item()
        worst = max(worst, (got - ref).abs().max().item())
        if excess > 0:
            raise SystemExit(f"fixture check FAILED on {key}: max |diff| {(got - ref).abs().max().item():.3g}")
    return worst


def check_diffusion(folder):
    """Our diffusion against dit-diffusion/src/test/resources/fixtures/diffusion: respacing, hybrid loss per sample, one DDPM step."""
    sched = np.load(os.path.join(folder, "diffusion_schedule.npz"))
    if not np.array_equal(Diffusion("250").timestep_map.numpy(), sched["r250.timestep_map"]):
        raise SystemExit("fixture check FAILED: 250-step respacing differs")
    worst = 0.0
    z = np.load(os.path.join(folder, "diffusion_losses.npz"))
    out = torch.from_numpy(z["in.model_output"])
    loss = Diffusion().training_losses(lambda *a: out, torch.from_numpy(z["in.x_start"]), torch.from_numpy(z["in.t"]),
                                       None, torch.from_numpy(z["in.noise"]))
    z2 = np.load(os.path.join(folder, "diffusion_step.npz"))
    out2 = torch.from_numpy(z2["in.model_output"])
    step = Diffusion("250").p_sample(lambda *a: out2, torch.from_numpy(z2["in.x_t"]), torch.from_numpy(z2["in.t"]),
                                     None, torch.from_numpy(z2["in.noise"]))
    for got, ref, key in ((loss, z["out.loss"], "out.loss"), (step, z2["out.p_sample"], "out.p_sample")):
        diff = (got - torch.from_numpy(ref)).abs()
        worst = max(worst, diff.max().item())
        if (diff - (1e-4 + 1e-4 * torch.from_numpy(ref).abs())).max().item() > 0:
            raise SystemExit(f"fixture check FAILED on {key}: max |diff| {diff.max().item():.3g}")
    return worst


# ----------------------------------------------------------------------------- measurement

def rss_reset():
    """Resets the kernel's peak-RSS mark of this process (VmHWM) so each phase reports its own peak."""
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
    except OSError:
        pass


def rss_peak_bytes():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    return 0


def timed(fn, warmup, reps):
    """Runs fn warmup times, then reps timed times; returns the sorted seconds and the phase's peak RSS."""
    rss_reset()
    for _ in range(warmup):
        fn()
    seconds = []
    for _ in range(reps):
        t0 = time.perf_counter()
        fn()
        seconds.append(time.perf_counter() - t0)
    return sorted(seconds), rss_peak_bytes()


def summary(name, seconds, rss, images, flops):
    med = statistics.median(seconds)
    return {"name": name, "median_s": med, "min_s": seconds[0], "max_s": seconds[-1],
            "spread": (seconds[-1] - seconds[0]) / med, "reps": len(seconds), "seconds": seconds,
            "images_per_s": images / med if images else None,
            "gflops": flops / med / 1e9, "peak_rss_bytes": rss}


def macs_per_image(depth, d, patch, size, in_c, out_c):
    """The paper's Gflops count (same rules as dit-model's DiTCost): matmuls, convs, one per LN element."""
    t = (size // patch) ** 2
    block = 2 * t * d + t * d * 3 * d + 2 * t * t * d + t * d * d + 2 * t * d * 4 * d + d * 6 * d
    final = t * d + t * d * patch * patch * out_c + d * 2 * d
    return t * in_c * patch * patch * d + 256 * d + d * d + depth * block + final


def run(args):
    torch.manual_seed(args.seed)
    depth, d, patch, heads = args.arch
    model = DiT(args.image, patch, args.channels, d, depth, heads, args.classes)
    out_c = 2 * args.channels
    n = args.batch
    macs = macs_per_image(depth, d, patch, args.image, args.channels, out_c)
    x = torch.randn(n, args.channels, args.image, args.image)
    y = torch.randint(0, args.classes, (n,))
    train_diff, sample_diff = Diffusion(), Diffusion(str(args.sample_steps))
    results = []

    a = torch.randn(2048, 2048)
    b = torch.randn(2048, 2048)
    secs, rss = timed(lambda: torch.mm(a, b), 2, 5)
    results.append(summary("sgemm", secs, rss, 0, 2.0 * 2048 ** 3))
    del a, b

    model.eval()
    t_fwd = torch.randint(0, 1000, (n,))
    with torch.no_grad():
        secs, rss = timed(lambda: model(x, t_fwd, y), args.warmup, args.reps)
    results.append(summary("forward", secs, rss, n, 2.0 * macs * n))

    zz = torch.cat([x, x])
    yy = torch.cat([y, torch.full_like(y, args.classes)])
    step = [sample_diff.T - 1]

    def sample_step():
        t = torch.full((2 * n,), step[0], dtype=torch.long)
        step[0] = step[0] - 1 if step[0] > 0 else sample_diff.T - 1
        return sample_diff.p_sample(lambda xx, tt, yl: model.forward_with_cfg(xx, tt, yl, args.cfg_scale), zz, t, yy)
    with torch.no_grad():
        secs, rss = timed(sample_step, args.warmup, args.reps)
    results.append(summary("sample_step", secs, rss, n, 2.0 * macs * 2 * n))

    model.train()
    ema = DiT(args.image, patch, args.channels, d, depth, heads, args.classes)
    ema.load_state_dict(model.state_dict())
    ema.requires_grad_(False)
    opt = torch.optim.AdamW(model.parameters(), lr=1e-4, weight_decay=0)
    params, ema_params = list(model.parameters()), list(ema.parameters())

    def train_step():
        t = torch.randint(0, train_diff.T, (n,))
        loss = train_diff.training_losses(model, x, t, y).mean()
        opt.zero_grad()
        loss.backward()
        opt.step()
        with torch.no_grad():
            for e, p in zip(ema_params, params):
                e.mul_(0.9999).add_(p.data, alpha=1 - 0.9999)
    secs, rss = timed(train_step, args.warmup, args.reps)
    results.append(summary("train_step", secs, rss, n, 3 * 2.0 * macs * n))
    ceiling = results[0]["gflops"]
    for r in results:
        r["fraction_of_ceiling"] = r["gflops"] / ceiling
    return {"implementation": "pytorch", "torch": torch.__version__, "threads": torch.get_num_threads(),
            "model": args.model, "batch": n, "image": args.image, "channels": args.channels,
            "classes": args.classes, "macs_per_image": macs, "sample_steps": args.sample_steps,
            "load_avg": os.getloadavg(), "fixture_max_abs_diff": args.fixture_diff, "results": results}


def table(report):
    lines = [f"PyTorch {report['torch']} ({report['threads']} threads) {report['model']} batch {report['batch']} "
             f"{report['image']}x{report['image']}x{report['channels']}, load {report['load_avg'][0]:.2f}",
             f"{'phase':<12} {'median s':>9} {'spread':>7} {'img/s':>8} {'GFLOP/s':>8} {'ceil%':>6} {'RSS MB':>8}"]
    for r in report["results"]:
        ips = "" if r["images_per_s"] is None else f"{r['images_per_s']:.2f}"
        lines.append(f"{r['name']:<12} {r['median_s']:>9.4f} {100 * r['spread']:>6.1f}% {ips:>8} "
                     f"{r['gflops']:>8.1f} {100 * r['fraction_of_ceiling']:>5.1f}% {r['peak_rss_bytes'] / 2**20:>8.0f}")
    return "\n".join(lines)


def parse():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", default="DiT-S/2", help="DiT preset name, or 'custom' with --depth/--hidden/...")
    ap.add_argument("--depth", type=int)
    ap.add_argument("--hidden", type=int)
    ap.add_argument("--patch", type=int)
    ap.add_argument("--heads", type=int)
    ap.add_argument("--batch", type=int, default=8)
    ap.add_argument("--image", type=int, default=32, help="latent (or pixel) side")
    ap.add_argument("--channels", type=int, default=4)
    ap.add_argument("--classes", type=int, default=1000)
    ap.add_argument("--warmup", type=int, default=2)
    ap.add_argument("--reps", type=int, default=5)
    ap.add_argument("--sample-steps", type=int, default=250, help="respacing of the sampling chain")
    ap.add_argument("--cfg-scale", type=float, default=4.0)
    ap.add_argument("--threads", type=int, default=os.cpu_count())
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--check-fixture", help="model_tiny.npz to verify the model against first")
    ap.add_argument("--check-diffusion", help="folder of diffusion_*.npz to verify the diffusion against first")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    if args.model in CONFIGS:
        args.arch = CONFIGS[args.model]
    else:
        args.arch = (args.depth, args.hidden, args.patch, args.heads)
        if None in args.arch:
            ap.error("a custom model needs --depth --hidden --patch --heads")
    return args


def main():
    args = parse()
    torch.set_num_threads(args.threads)
    args.fixture_diff = {"model": check_fixture(args.check_fixture) if args.check_fixture else None,
                         "diffusion": check_diffusion(args.check_diffusion) if args.check_diffusion else None}
    report = run(args)
    print(json.dumps(report, indent=1) if args.json else table(report))


if __name__ == "__main__":
    sys.exit(main())
