"""View model → HTML through Jinja2, with autoescaping, and templates a user can override.

``template_dirs`` (or ``GEMBAKIT_TEMPLATES``, folders separated as in ``PATH``) are searched
before the package's own templates, so a consultancy can replace ``report.html.j2`` whole, or
write one that extends ``gembakit/report.html.j2`` and replaces single blocks.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import jinja2
from pydantic import BaseModel


@lru_cache(maxsize=8)
def environment(template_dirs: tuple[str, ...] = ()) -> jinja2.Environment:
    user = [*template_dirs,
            *(p for p in os.environ.get("GEMBAKIT_TEMPLATES", "").split(os.pathsep) if p)]
    bundled = jinja2.PackageLoader("gembakit.render", "templates")
    loader = jinja2.ChoiceLoader([
        *(jinja2.FileSystemLoader(d) for d in user),
        bundled,
        # "gembakit/report.html.j2" always names ours, so an override can extend it.
        jinja2.PrefixLoader({"gembakit": bundled}),
    ])
    return jinja2.Environment(loader=loader, autoescape=True, undefined=jinja2.StrictUndefined,
                              trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)


def render_html(view: BaseModel, template: str,
                template_dirs: Sequence[Path | str] = ()) -> str:
    env = environment(tuple(str(d) for d in template_dirs))
    return env.get_template(template).render(v=view)
