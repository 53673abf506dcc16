"""Model objects made on the hot build paths without a call through type(): links, addresses, kernel routes.

Calling a dataclass goes through type.__call__ and the generated __init__ with keyword arguments; a lab built
from its command lines makes thousands of links, addresses and routes. `maker(cls, given, fixed, sample)`
writes, once, a function taking the fields `given` (in that order) that stores every field of `cls` in the
dataclass __init__'s order -- the given ones, `fixed` values, then the defaults (a default factory called
afresh) -- so an instance has the very layout and values `cls(**...)` gives it. It is used only when it
makes what `cls` makes for `sample` (the same fields in the same order, equal values, fresh containers);
else the maker calls `cls` itself.
"""
from __future__ import annotations

from dataclasses import MISSING, fields
from typing import Any, Callable


def maker(cls: type, given: tuple[str, ...], fixed: dict[str, Any], sample: tuple) -> Callable[..., Any]:
    """A function (*given values) -> cls(**dict(zip(given, values)), **fixed), checked against cls on `sample`."""
    scope: dict[str, Any] = {"_new": object.__new__, "_cls": cls}
    body = []
    for f in fields(cls):
        if f.name in given:
            value = f"_{f.name}"
        elif f.name in fixed:
            scope[f"_fixed_{f.name}"] = fixed[f.name]
            value = f"_fixed_{f.name}"
        elif f.default_factory is not MISSING:
            scope[f"_make_{f.name}"] = f.default_factory
            value = f"_make_{f.name}()"
        else:
            scope[f"_default_{f.name}"] = f.default
            value = f"_default_{f.name}"
        body.append(f"    made.{f.name} = {value}\n")
    params = ", ".join(f"_{name}" for name in given)
    exec(f"def make({params}):\n    made = _new(_cls)\n" + "".join(body) + "    return made\n", scope)  # noqa: S102
    quick = scope["make"]                # (a fixed template over the dataclass's own field names)

    def slow(*values: Any) -> Any:
        return cls(**dict(zip(given, values)), **fixed)
    one, other = slow(*sample), quick(*sample)
    containers = [name for name, value in vars(one).items() if isinstance(value, (list, dict, set))]
    if list(vars(one).items()) != list(vars(other).items()) or any(
            getattr(other, name) is getattr(quick(*sample), name) for name in containers):
        return slow
    return quick
