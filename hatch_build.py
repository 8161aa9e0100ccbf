"""Build step: compile the translation catalogs (.po -> .mo) into the package.

The .mo files are build products, not kept in git; `make install` and `pip install .`
both come through here (an editable install compiles them in place).
"""

from pathlib import Path

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class CompileCatalogs(BuildHookInterface):
    PLUGIN_NAME = "custom"

    def initialize(self, version, build_data):
        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po

        root = Path(self.root)
        for po in sorted((root / "netralitas" / "locale").glob("*/LC_MESSAGES/*.po")):
            with po.open("rb") as f:
                catalog = read_po(f, locale=po.parent.parent.name)
            mo = po.with_suffix(".mo")
            with mo.open("wb") as f:
                write_mo(f, catalog)  # fuzzy entries are left out, as a translator has not confirmed them
            build_data["force_include"][str(mo)] = str(mo.relative_to(root))
