"""The form editor's files in the site (admin/): Decap CMS, its configuration and Opsbook's additions.

Decap CMS and js-yaml are pinned in tools/package.json and copied from their npm packages into the
site, so the editor loads nothing from a CDN. The configuration is made from the kinds (cms.py).
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

import yaml
from mkdocs.structure.files import File

from opsbook.site import cms

log = logging.getLogger("mkdocs.plugins.opsbook")
_OWN = Path(__file__).parent / "admin"  # index.html and opsbook-cms.js
_REPOSITORY_TOOLS = Path(__file__).resolve().parents[2] / "tools" / "node_modules"  # Opsbook's own checkout
FOLDER = "admin"


def add_files(files, config, installed_at: str) -> None:
    """Add admin/ to the site, if the editor is wanted (`editor:` in mkdocs.yml) and installed."""
    offline = any(name.endswith("offline") and plugin.config.enabled for name, plugin in config.plugins.items())
    if not installed_at or offline:  # opened from disk, the editor could reach no repository
        return
    modules = _node_modules(Path(config.config_file_path).parent / installed_at)
    if modules is None:
        log.info(
            f"opsbook: the form editor is left out: Decap CMS is not installed in {installed_at} "
            "(python3 dev.py build installs it)"
        )
        return
    for path in sorted((modules / "decap-cms" / "dist").iterdir()):
        # decap-cms.js, the parts it loads when needed (N.decap-cms.js, *.wasm) and its licence; the
        # package's cms.js is the same program under another name.
        if "decap-cms.js" in path.name and path.suffix != ".map" or path.suffix == ".wasm":
            files.append(_copied(config, path, f"{FOLDER}/{path.name}"))
    files.append(_copied(config, modules / "js-yaml" / "dist" / "js-yaml.min.js", f"{FOLDER}/js-yaml.min.js"))
    for name in ("index.html", "opsbook-cms.js"):
        files.append(_copied(config, _OWN / name, f"{FOLDER}/{name}"))
    settings = yaml.safe_dump(cms.config(config.repo_url), sort_keys=False, allow_unicode=True, width=100)
    files.append(File.generated(config, f"{FOLDER}/config.yml", content=settings))
    script = f"window.OPSBOOK_FORMATS = {json.dumps(cms.formats(), ensure_ascii=False)};\n"
    files.append(File.generated(config, f"{FOLDER}/opsbook-formats.js", content=script))


def _node_modules(wanted: Path) -> Path | None:
    """The npm packages: where mkdocs.yml says, else (a copy of the handbook) in Opsbook's own checkout."""
    for folder in (wanted, _REPOSITORY_TOOLS):
        if (folder / "decap-cms" / "dist" / "decap-cms.js").is_file():
            return folder
    return None


def _copied(config, source: Path, destination: str) -> File:
    return File.generated(config, destination, abs_src_path=str(source))
