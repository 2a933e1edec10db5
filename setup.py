"""Compiles the message catalogues (``.po`` → ``.mo``) whenever the package is built or installed.

The ``.mo`` files are build products, not sources (.gitignore). In an editable install they are
written beside the ``.po`` files in the source tree, which is where the package reads them;
otherwise into the build folder that becomes the wheel.
"""

from __future__ import annotations

from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py


class BuildWithCatalogues(build_py):
    def run(self) -> None:
        super().run()
        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po

        source = Path(__file__).resolve().parent / "src" / "gembakit" / "locale"
        editable = getattr(self, "editable_mode", False)
        target_root = source if editable else Path(self.build_lib) / "gembakit" / "locale"
        for po in sorted(source.glob("*/LC_MESSAGES/*.po")):
            target = target_root / po.relative_to(source).with_suffix(".mo")
            target.parent.mkdir(parents=True, exist_ok=True)
            with po.open("rb") as handle:
                catalog = read_po(handle)
            with target.open("wb") as out:
                write_mo(out, catalog)

    def get_outputs(self, include_bytecode: bool = True) -> list[str]:
        source = Path(__file__).resolve().parent / "src" / "gembakit" / "locale"
        outputs = list(super().get_outputs(include_bytecode))
        if not getattr(self, "editable_mode", False):
            outputs += [str(Path(self.build_lib) / "gembakit" / "locale"
                            / po.relative_to(source).with_suffix(".mo"))
                        for po in sorted(source.glob("*/LC_MESSAGES/*.po"))]
        return outputs


setup(cmdclass={"build_py": BuildWithCatalogues})
