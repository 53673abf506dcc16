"""Dicts that bring themselves up to date before they are read: the base of lazily settled counters and FDBs.

A subclass defines `_settle()`, which applies the work still owed to the dict (course_lib.net.flood's
run counts, course_lib.net.segment's switch log). `SettledDict` settles before every read; `SettledMap`
also before every write. Copies and pickles are plain, settled dicts, so a copied lab owes nothing.
"""
from __future__ import annotations

from typing import Any


class SettledDict(dict):
    """A dict that calls `_settle()` before any read; writes go straight in."""

    __slots__ = ()

    def _settle(self) -> None:
        raise NotImplementedError

    def __len__(self) -> int:
        self._settle()
        return dict.__len__(self)

    def __iter__(self) -> Any:
        self._settle()
        return dict.__iter__(self)

    def __getitem__(self, key: Any) -> Any:
        self._settle()
        return dict.__getitem__(self, key)

    def __contains__(self, key: object) -> bool:
        self._settle()
        return dict.__contains__(self, key)

    def __eq__(self, other: object) -> bool:
        self._settle()
        return dict.__eq__(self, other)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        self._settle()
        return dict.__repr__(self)

    def get(self, key: Any, default: Any = None) -> Any:
        self._settle()
        return dict.get(self, key, default)

    def keys(self) -> Any:
        self._settle()
        return dict.keys(self)

    def items(self) -> Any:
        self._settle()
        return dict.items(self)

    def values(self) -> Any:
        self._settle()
        return dict.values(self)

    def copy(self) -> dict:
        self._settle()
        return dict.copy(self)

    def __reduce__(self) -> Any:            # copies and pickles are plain, settled dicts
        return (dict, (self.copy(),))


class SettledMap(SettledDict):
    """A SettledDict that also settles before every write."""

    __slots__ = ()

    def __setitem__(self, key: Any, value: Any) -> None:
        self._settle()
        dict.__setitem__(self, key, value)

    def __delitem__(self, key: Any) -> None:
        self._settle()
        dict.__delitem__(self, key)

    def pop(self, key: Any, *default: Any) -> Any:
        self._settle()
        return dict.pop(self, key, *default)

    def setdefault(self, key: Any, default: Any = None) -> Any:
        self._settle()
        return dict.setdefault(self, key, default)

    def update(self, *args: Any, **kwargs: Any) -> None:
        self._settle()
        dict.update(self, *args, **kwargs)

    def clear(self) -> None:
        self._settle()
        dict.clear(self)

    def popitem(self) -> Any:
        self._settle()
        return dict.popitem(self)
