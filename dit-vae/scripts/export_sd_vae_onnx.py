#!/usr/bin/env python3
"""Export the Stable Diffusion VAE (diffusers AutoencoderKL) as the two ONNX files dit-vae imports.

OPTIONAL HELPER. dit-vae builds the VAE natively from the folder diffusers publishes (config.json +
diffusion_pytorch_model.safetensors, e.g. stabilityai/sd-vae-ft-ema): `dit vae ... --vae FOLDER` needs no
Python. Use this script only if you want the ONNX pair (see dit-vae/README.md, "Which path to prefer").

    pip install torch diffusers onnx            # onnxruntime optional, for the check below
    python3 export_sd_vae_onnx.py --model stabilityai/sd-vae-ft-ema --out vae/
    dit vae decode --vae vae/ --in latent.npy --out image.png

Writes, with the input / output names of optimum's export and of dit-vae's test fixture:
  vae_encoder.onnx  sample (N, 3, H, W) in [-1, 1] -> latent_parameters (N, 8, H/8, W/8)
                    = quant_conv(encoder(x)): the moments (mean, log-variance); sampling and the
                    0.18215 scale are done by dit-vae, not in the graph.
  vae_decoder.onnx  latent_sample (N, 4, h, w) -> sample (N, 3, 8h, 8w)
                    = decoder(post_quant_conv(z)); the division by 0.18215 is done by dit-vae.
Batch, height and width are dynamic. fp32, opset 14 by default (dit-vae maps opsets 11-21 and is
tested at 14 and 18). Not run in CI: torch and the weights are not available there.
"""
import argparse
import pathlib

import torch
from diffusers import AutoencoderKL


class Encoder(torch.nn.Module):
    def __init__(self, vae):
        super().__init__()
        self.vae = vae

    def forward(self, sample):
        return self.vae.quant_conv(self.vae.encoder(sample))


class Decoder(torch.nn.Module):
    def __init__(self, vae):
        super().__init__()
        self.vae = vae

    def forward(self, latent_sample):
        return self.vae.decoder(self.vae.post_quant_conv(latent_sample))


def export(module, example, path, input_name, output_name, opset):
    torch.onnx.export(
        module, (example,), str(path), opset_version=opset, do_constant_folding=True,
        input_names=[input_name], output_names=[output_name],
        dynamic_axes={input_name: {0: "batch", 2: "height", 3: "width"},
                      output_name: {0: "batch", 2: "out_height", 3: "out_width"}})
    print(f"wrote {path} ({path.stat().st_size:,} bytes)")


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--model", default="stabilityai/sd-vae-ft-ema", help="hub id or local folder of an AutoencoderKL")
    p.add_argument("--out", type=pathlib.Path, required=True, help="output folder")
    p.add_argument("--opset", type=int, default=14)
    p.add_argument("--size", type=int, default=256, help="image size used for tracing (any multiple of 8 works later)")
    args = p.parse_args()

    vae = AutoencoderKL.from_pretrained(args.model, torch_dtype=torch.float32).eval()
    args.out.mkdir(parents=True, exist_ok=True)
    s = args.size
    with torch.no_grad():
        export(Encoder(vae), torch.rand(1, 3, s, s) * 2 - 1, args.out / "vae_encoder.onnx", "sample", "latent_parameters", args.opset)
        export(Decoder(vae), torch.randn(1, vae.config.latent_channels, s // 8, s // 8), args.out / "vae_decoder.onnx",
               "latent_sample", "sample", args.opset)
    print(f"latent scale (scaling_factor) of this VAE: {vae.config.scaling_factor}  (dit vae ... --scale)")

    try:  # optional cross-check against PyTorch
        import numpy as np
        import onnxruntime as ort
        z = torch.randn(1, vae.config.latent_channels, s // 8, s // 8)
        ref = Decoder(vae)(z).detach().numpy()
        got = ort.InferenceSession(str(args.out / "vae_decoder.onnx")).run(None, {"latent_sample": z.numpy()})[0]
        print(f"onnxruntime vs PyTorch, decoder: max |diff| {np.abs(ref - got).max():.2e}")
    except ImportError:
        pass


if __name__ == "__main__":
    main()
