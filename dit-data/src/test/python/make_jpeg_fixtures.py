#!/usr/bin/env python3
"""Writes Pillow's decode + ADM center_crop_arr of the JPEG fixtures as raw RGB bytes.

Run with a Python that has Pillow (used: Debian python3-pil 9.4.0, i.e. /usr/bin/python3):
    python3 make_jpeg_fixtures.py ../resources/fixtures/jpeg
For every *.jpg it writes <name>.crop<S>.rgb (S x S x 3 uint8, row-major) for S in SIZES.
The JPEGs themselves were written by Java ImageIO (see JpegParityTest); only Pillow's output is golden here.
"""
import pathlib
import sys

from PIL import Image

SIZES = (64, 32)


def center_crop_arr(pil_image, image_size):
    # guided-diffusion image_datasets.py / DiT train.py, returning the PIL crop instead of an array
    while min(*pil_image.size) >= 2 * image_size:
        pil_image = pil_image.resize(tuple(x // 2 for x in pil_image.size), resample=Image.BOX)
    scale = image_size / min(*pil_image.size)
    pil_image = pil_image.resize(tuple(round(x * scale) for x in pil_image.size), resample=Image.BICUBIC)
    crop_y = (pil_image.size[1] - image_size) // 2
    crop_x = (pil_image.size[0] - image_size) // 2
    return pil_image.crop((crop_x, crop_y, crop_x + image_size, crop_y + image_size))


def main(folder):
    for jpg in sorted(pathlib.Path(folder).glob("*.jpg")):
        image = Image.open(jpg).convert("RGB")
        for size in SIZES:
            out = jpg.with_name(f"{jpg.name}.crop{size}.rgb")
            out.write_bytes(center_crop_arr(image, size).tobytes())
            print(out, Image.__version__ if hasattr(Image, "__version__") else "")


if __name__ == "__main__":
    main(sys.argv[1])
