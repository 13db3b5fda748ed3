"""The build's helper (`bundle.ts` runs it): the modules of the source folder that a function's own
sources import, directly or through each other, so its artefact ships them as esbuild ships what a
Node entry imports. The thumbnailer uses the uuid writer's store calls and settings this way.

Usage: `python3 followed_imports.py SOURCE_DIR ENTRY...`; prints each module's path, relative to
SOURCE_DIR, one a line.
"""

import sys
from modulefinder import ModuleFinder
from pathlib import Path


def followed_imports(source_dir: Path, entries: list[str]) -> list[str]:
    # Only the source folder is searched: the standard library and the vendored packages are not ours.
    finder = ModuleFinder(path=[str(source_dir)])
    for entry in entries:
        root = source_dir / entry
        for module in sorted(root.rglob("*.py")) if root.is_dir() else [root]:
            finder.run_script(str(module))
    found = {Path(module.__file__) for module in finder.modules.values() if module.__file__}
    return sorted(str(file.relative_to(source_dir)) for file in found if file.is_relative_to(source_dir))


if __name__ == "__main__":
    source, *declared = sys.argv[1:]
    print("\n".join(followed_imports(Path(source).resolve(), declared)))
