#!/usr/bin/env python3
"""Writes the core/v1 JSON schemas k8s/validate checks the manifests against, or checks them.

They come from the PyPI package kubernetes-validate (its strict schemas of Kubernetes 1.37, made
from the API's OpenAPI definitions, additionalProperties false throughout), pinned by version and
sha256. Its schemas name their shared definitions by an absolute URL (/api/_definitions.json under
https://kubernetes.io); kubeconform would fetch that, so here the ConfigMap and Secret schemas refer
to _definitions.json beside them instead, and that file keeps only the definitions they and the
hand-written testrun-k6-v1alpha1.json reach.

  python3 k8s/schemas/regenerate.py          # rewrite the generated files
  python3 k8s/schemas/regenerate.py --check  # exit 1 if they differ from what the package gives
"""

import hashlib
import json
import re
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

PACKAGE = "kubernetes-validate"
VERSION = "1.37.0"
WHEEL = f"kubernetes_validate-{VERSION}-py3-none-any.whl"
SHA256 = "85136d018a27b50ec7fc049d902bfa5193f5976807e6c0f408e3ab6fe078cad9"
SCHEMAS = "kubernetes_validate/kubernetes-json-schema/v1.37.0-local-strict"
KINDS = ["configmap-v1.json", "secret-v1.json"]
HAND_WRITTEN = "testrun-k6-v1alpha1.json"
DEFINITIONS = "_definitions.json"

HERE = Path(__file__).resolve().parent
# A schema's ref into the definitions file; within that file, its refs to its own definitions.
OUTSIDE_REF = re.compile(r'"\$ref": "_definitions\.json#/\$defs/([^"]+)"')
INSIDE_REF = re.compile(r'"\$ref": "#/\$defs/([^"]+)"')


def wheel(folder: Path) -> zipfile.ZipFile:
    subprocess.run(
        [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", f"{PACKAGE}=={VERSION}", "-d", str(folder)],
        check=True,
    )
    path = folder / WHEEL
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    if digest != SHA256:
        sys.exit(f"{WHEEL}: sha256 {digest}, expected {SHA256}")
    return zipfile.ZipFile(path)


def local(schema: dict) -> dict:
    """The schema without its $id (the base its URL refs resolve against), its refs to the file beside it."""
    text = json.dumps({key: value for key, value in schema.items() if key != "$id"})
    return json.loads(text.replace('"/api/_definitions.json#', '"_definitions.json#'))


def reached(roots: list[str], definitions: dict) -> set[str]:
    seen: set[str] = set()
    todo = list(roots)
    while todo:
        name = todo.pop()
        if name not in seen:
            seen.add(name)
            todo.extend(INSIDE_REF.findall(json.dumps(definitions[name])))
    return seen


def generated(archive: zipfile.ZipFile) -> dict[str, str]:
    read = lambda name: json.loads(archive.read(f"{SCHEMAS}/{name}"))
    kinds = {name: local(read(name)) for name in KINDS}
    everything = read(DEFINITIONS)
    roots = OUTSIDE_REF.findall(json.dumps(list(kinds.values()))) + OUTSIDE_REF.findall((HERE / HAND_WRITTEN).read_text())
    names = sorted(reached(roots, everything["$defs"]))
    definitions = {"$schema": everything["$schema"], "$defs": {name: everything["$defs"][name] for name in names}}
    files = {**kinds, DEFINITIONS: definitions}
    return {name: json.dumps(content, indent=2, sort_keys=True) + "\n" for name, content in files.items()}


def main() -> None:
    check = sys.argv[1:] == ["--check"]
    with tempfile.TemporaryDirectory() as folder:
        files = generated(wheel(Path(folder)))
    stale = [name for name, text in files.items() if not (HERE / name).exists() or (HERE / name).read_text() != text]
    if check:
        if stale:
            sys.exit(f"stale: {', '.join(stale)} (run python3 k8s/schemas/regenerate.py)")
        print(f"k8s/schemas: {', '.join(files)} match {PACKAGE} {VERSION}")
        return
    for name, text in files.items():
        (HERE / name).write_text(text)
    print(f"k8s/schemas: wrote {', '.join(files)} from {PACKAGE} {VERSION}")


if __name__ == "__main__":
    main()
