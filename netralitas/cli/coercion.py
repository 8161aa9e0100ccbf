"""Option values checked without Pydantic, as Typer checks them.

Typer 0.29 converts every option's value through a Pydantic TypeAdapter, built the first time the
option is processed, even when it was not given; importing Pydantic and building the adapters was
about a third of a report's start-up. Here the values the commands take most, text and paths (and
lists of them), are converted as Typer's adapters convert them (text as it came, a path as
`Path(text)` after Typer's checks of an existing file); an option left out costs nothing; every
other value (a number with its range, a flag's value from the environment, a path that fails a
check) goes through Typer's own adapter, built when such a value first comes, so its result and
its error message are Typer's. `tests/test_coercion.py` compares both on the same values.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, get_args

from typer import core
from typer._coercion import RuntimeParam, TypeDescriptor, build_runtime_param

TEXT, PATH = "text", "path"


@dataclass(frozen=True)
class QuickParam(RuntimeParam):
    descriptor: TypeDescriptor = None
    kind: str | None = None  # TEXT, PATH or None: every value through Typer's adapter
    many: bool = False  # a list of them
    typer: list = field(default_factory=list, compare=False)  # Typer's runtime parameter, once built

    def _coerce_value(self, value: Any, param, ctx) -> Any:
        if self.kind is not None:
            if not self.many and type(value) is str:
                done = self._one(value)
                if done is not None:
                    return done
            elif self.many and isinstance(value, (list, tuple)) and all(type(v) is str for v in value):
                done = [self._one(v) for v in value]
                if None not in done:
                    return done
        return self._typers()._coerce_value(value, param=param, ctx=ctx)

    def _one(self, value: str) -> Any:
        """The value as Typer's adapter gives it, or None when only Typer may answer (an error)."""
        if self.kind == TEXT:
            return value
        path = Path(value)
        try:
            st = os.stat(path)
        except OSError:  # not there: fine, an option's file need not exist (exists=False)
            return path
        except ValueError:
            return None
        info = self.parameter_info
        if (not info.file_okay and stat.S_ISREG(st.st_mode)) or (not info.dir_okay and stat.S_ISDIR(st.st_mode)) \
                or (info.readable and not os.access(path, os.R_OK)):
            return None
        return path

    def _typers(self) -> RuntimeParam:
        if not self.typer:
            self.typer.append(build_runtime_param(self.descriptor))
        return self.typer[0]


def _kind(descriptor: TypeDescriptor) -> tuple[str | None, bool]:
    info = descriptor.parameter_info
    annotation, many = descriptor.annotation, False
    if descriptor.is_list:
        annotation, many = get_args(descriptor.annotation)[0], True
    if info.parser is not None or descriptor.file_annotation is not None:
        return None, many
    if annotation is str:
        return TEXT, many
    if annotation is Path and info.path_type is None and not (info.exists or info.resolve_path or info.allow_dash
                                                              or info.writable):
        return PATH, many
    return None, many


def quick_runtime_param(descriptor: TypeDescriptor) -> RuntimeParam:
    kind, many = _kind(descriptor)
    return QuickParam(parameter_info=descriptor.parameter_info, annotation=descriptor.annotation,
                      descriptor=descriptor, kind=kind, many=many)


def install() -> None:
    """Every Typer parameter from now on converts its values here (Typer's parameters call
    `typer.core.build_runtime_param` on their first value)."""
    core.build_runtime_param = quick_runtime_param
