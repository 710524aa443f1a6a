#!/usr/bin/env python3
"""Convert an official DiT checkpoint (facebookresearch/DiT, e.g. DiT-XL-2-256x256.pt) into a
.safetensors or .npz file that dit-model loads: the state_dict under its own names (float32,
PyTorch layouts) plus the cfg.* keys that describe the model.

    python3 convert_official_checkpoint.py DiT-XL-2-256x256.pt DiT-XL-2-256.safetensors \
        --model DiT-XL/2 --image-size 256

Needs torch (and the `safetensors` package for .safetensors output). Not run in CI.

Optional helper only: `DiTModel.load` and every `dit` command read the .pt files directly (see
dit-model/README.md, "Official checkpoints, no Python"); use this only to make a .safetensors copy.
"""
import argparse

import numpy as np
import torch

# depth, hidden size, heads of the official families (models.py, DiT_models)
FAMILIES = {"S": (12, 384, 6), "B": (12, 768, 12), "L": (24, 1024, 16), "XL": (28, 1152, 16)}


def config_arrays(model, image_size, num_classes):
    family, patch = model.removeprefix("DiT-").split("/")
    depth, hidden, heads = FAMILIES[family]
    ints = dict(input_size=image_size // 8, patch_size=int(patch), in_channels=4, hidden_size=hidden,
                depth=depth, num_heads=heads, num_classes=num_classes, learn_sigma=1, block_type=0)
    out = {f"cfg.{k}": np.array([v], np.int64) for k, v in ints.items()}
    out["cfg.class_dropout_prob"] = np.array([0.1], np.float32)
    out["cfg.mlp_ratio"] = np.array([4.0], np.float32)
    return out


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("checkpoint", help="official .pt (the released EMA state_dict, or a training checkpoint)")
    p.add_argument("out", help="output .safetensors or .npz")
    p.add_argument("--model", default="DiT-XL/2")
    p.add_argument("--image-size", type=int, default=256, choices=[256, 512])
    p.add_argument("--num-classes", type=int, default=1000)
    a = p.parse_args()

    state = torch.load(a.checkpoint, map_location="cpu")
    if "ema" in state:  # a checkpoint written by train.py: {"model", "ema", "opt", "args"}; sample with the EMA weights
        state = state["ema"]
    arrays = {k: v.detach().float().contiguous().numpy() for k, v in state.items()}
    arrays.update(config_arrays(a.model, a.image_size, a.num_classes))
    if a.out.endswith(".safetensors"):
        from safetensors.numpy import save_file
        save_file(arrays, a.out)
    else:
        np.savez(a.out, **arrays)
    print(f"wrote {len(arrays)} arrays to {a.out}")


if __name__ == "__main__":
    main()
