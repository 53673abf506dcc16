"""Without root, CAP_NET_ADMIN or the tools, Lab(backend="real") fails with one clear sentence."""
from __future__ import annotations

import pytest

from course_lib import Lab
from course_lib.backends.real import RealBackendUnavailable, preflight


def test_without_capabilities_the_sentence_names_them_and_the_default(monkeypatch):
    monkeypatch.setattr(preflight, "_effective_caps", lambda: 0)
    with pytest.raises(RealBackendUnavailable) as info:
        Lab(backend="real")
    text = str(info.value)
    assert "root (CAP_NET_ADMIN and CAP_SYS_ADMIN)" in text
    assert "the simulation is the default" in text
    assert text.count(". ") == 0 and text.endswith(".") and "\n" not in text   # one sentence


def test_a_missing_tool_is_named_with_its_debian_package(monkeypatch):
    monkeypatch.setattr(preflight, "_effective_caps", lambda: (1 << 12) | (1 << 21))
    real_which = preflight.shutil.which
    monkeypatch.setattr(preflight.shutil, "which", lambda t: None if t == "iptables" else real_which(t) or "/x")
    with pytest.raises(RealBackendUnavailable, match=r"needs the tool iptables \(Debian package iptables\)"):
        Lab(backend="real")


def test_jupyter_shows_only_the_sentence():
    exc = RealBackendUnavailable("Lab(backend=\"real\") needs X, which this machine lacks; use Lab().")
    assert exc._render_traceback_() == [f"RealBackendUnavailable: {exc}"]


def test_is_a_runtime_error_so_generic_handlers_catch_it():
    assert issubclass(RealBackendUnavailable, RuntimeError)
