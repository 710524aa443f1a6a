#!/usr/bin/env python3
"""Export the FID Inception-v3 (pytorch-fid's pt_inception-2015-12-05 weights) to ONNX for dit-eval.

OPTIONAL HELPER. dit-eval reads pytorch-fid's pt_inception-2015-12-05-6726825d.pth directly and builds
the network natively (`dit eval --feature-net pt_inception-2015-12-05-6726825d.pth`); no Python needed.
Use this script only if you want the ONNX form.

The graph contract `OnnxInceptionNetwork` expects:
  input   images   float32 [N, 3, H, W], RGB, values in [0, 255] (any H, W)
  outputs pool3    float32 [N, 2048]          global average pool of Mixed_7c (FID, precision/recall)
          logits   float32 [N, 1008]          fc(pool3) (Inception Score)
          spatial  float32 [N, 192, 17, 17]   Mixed_6d.branch1x1 convolution, before its BatchNorm
                                              (TF mixed_6/conv; its first 7 channels are the sFID feature)
The /255, the bilinear resize to 299x299 (align_corners=False) and the 2x-1 scaling are inside the graph,
as pytorch-fid's InceptionV3(resize_input=True, normalize_input=True) does them.

Usage:
  pip install torch pytorch-fid onnx
  python3 export_fid_inception.py --out fid_inception.onnx [--state-dict pt_inception-2015-12-05-6726825d.pth]
Without --state-dict the weights are downloaded by pytorch-fid.
"""
import argparse

import torch
import torch.nn.functional as F
from pytorch_fid import inception as pf


class FidInceptionForExport(torch.nn.Module):
    """pytorch-fid's FID Inception with ADM's three outputs."""

    def __init__(self, net):
        super().__init__()
        self.net = net.eval()

    def forward(self, images):
        n = self.net
        x = images / 255.0
        x = F.interpolate(x, size=(299, 299), mode="bilinear", align_corners=False)
        x = 2 * x - 1
        x = n.Conv2d_2b_3x3(n.Conv2d_2a_3x3(n.Conv2d_1a_3x3(x)))
        x = F.max_pool2d(x, kernel_size=3, stride=2)
        x = n.Conv2d_4a_3x3(n.Conv2d_3b_1x1(x))
        x = F.max_pool2d(x, kernel_size=3, stride=2)
        x = n.Mixed_6a(n.Mixed_5d(n.Mixed_5c(n.Mixed_5b(x))))
        x = n.Mixed_6c(n.Mixed_6b(x))
        spatial = n.Mixed_6d.branch1x1.conv(x)  # the raw conv output, as TF's mixed_6/conv:0
        x = n.Mixed_6e(n.Mixed_6d(x))
        x = n.Mixed_7c(n.Mixed_7b(n.Mixed_7a(x)))
        pool3 = torch.flatten(F.adaptive_avg_pool2d(x, (1, 1)), 1)
        return pool3, n.fc(pool3), spatial


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--out", default="fid_inception.onnx")
    p.add_argument("--state-dict", help="local pt_inception-2015-12-05-6726825d.pth instead of downloading")
    p.add_argument("--opset", type=int, default=14)
    a = p.parse_args()
    if a.state_dict:
        pf.load_state_dict_from_url = lambda *args, **kwargs: torch.load(a.state_dict, map_location="cpu")
    model = FidInceptionForExport(pf.fid_inception_v3())
    example = torch.randint(0, 256, (2, 3, 256, 256)).float()
    with torch.no_grad():
        shapes = [tuple(t.shape) for t in model(example)]
    print("output shapes for a 2 x 3 x 256 x 256 batch:", shapes)
    torch.onnx.export(
        model, example, a.out, opset_version=a.opset,
        input_names=["images"], output_names=["pool3", "logits", "spatial"],
        dynamic_axes={"images": {0: "batch", 2: "height", 3: "width"},
                      "pool3": {0: "batch"}, "logits": {0: "batch"}, "spatial": {0: "batch"}},
        # keep BatchNormalization nodes as they are (no folding into the convolutions)
        do_constant_folding=False, training=torch.onnx.TrainingMode.PRESERVE)
    print("wrote", a.out)


if __name__ == "__main__":
    main()
