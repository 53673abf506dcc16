"""The lab's record and the cleanup that reads it: only what the record lists, only with the marker."""
from __future__ import annotations

import json
import os

import pytest

from course_lib.backends.real import ledger


@pytest.fixture
def state_dir(tmp_path, monkeypatch):
    monkeypatch.setattr(ledger, "STATE_DIR", str(tmp_path / "state"))
    monkeypatch.setattr(ledger, "ETC_NETNS", str(tmp_path / "etc-netns"))
    removed: list[str] = []
    monkeypatch.setattr(ledger, "remove_netns", lambda name: removed.append(name) or True)
    monkeypatch.setattr(ledger, "kill_processes_in", lambda names: None)
    return tmp_path, removed


def _write(path, lines):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(line) + "\n" for line in lines) + '{"netns": "clab-')


def test_a_record_lists_what_was_made_and_survives_a_torn_last_line(state_dir):
    tmp, _ = state_dir
    _write(tmp / "state" / "0123abcd.jsonl",
           [{"lab": "0123abcd", "pid": 999999999, "started": 1.0}, {"netns": "clab-0123abcd-h0"},
            {"etc": str(tmp / "etc-netns" / "clab-0123abcd-h0")}])
    (record,) = ledger.records()
    assert (record.lab_id, record.pid, record.netns) == ("0123abcd", 999999999, ["clab-0123abcd-h0"])


def test_cleanup_removes_only_names_with_the_labs_marker(state_dir):
    tmp, removed = state_dir
    etc = tmp / "etc-netns"
    (etc / "clab-0123abcd-h0").mkdir(parents=True)
    (etc / "clab-0123abcd-h0" / "hosts").write_text("x")
    (etc / "other").mkdir()
    _write(tmp / "state" / "0123abcd.jsonl",
           [{"lab": "0123abcd", "pid": 999999999, "started": 1.0},
            {"netns": "clab-0123abcd-h0"}, {"netns": "red"}, {"netns": "clab-99999999-h0"},
            {"netns": "clab-0123abcd-../x"}, {"etc": str(etc / "clab-0123abcd-h0")}, {"etc": str(etc / "other")},
            {"etc": "/etc"}])
    out = ledger.cleanup()
    assert removed == ["clab-0123abcd-h0"]
    assert not (etc / "clab-0123abcd-h0").exists() and (etc / "other").exists()
    assert "netns clab-0123abcd-h0" in out
    assert not (tmp / "state" / "0123abcd.jsonl").exists()


def test_cleanup_leaves_a_running_lab_alone_unless_named(state_dir):
    tmp, removed = state_dir
    _write(tmp / "state" / "0123abcd.jsonl", [{"lab": "0123abcd", "pid": os.getpid(), "started": 1.0,
                                                "ticks": ledger._start_time(os.getpid())},
                                               {"netns": "clab-0123abcd-h0"}])
    assert ledger.cleanup() == [] and removed == []
    ledger.cleanup(lab_id="0123abcd")
    assert removed == ["clab-0123abcd-h0"]


def test_files_that_are_not_lab_records_are_ignored(state_dir):
    tmp, removed = state_dir
    _write(tmp / "state" / "not-a-lab.jsonl", [{"lab": "x", "pid": 1}, {"netns": "anything"}])
    assert ledger.records() == [] and ledger.cleanup() == [] and removed == []


def test_the_ledger_refuses_a_name_without_the_marker(state_dir):
    book = ledger.Ledger("0123abcd")
    with pytest.raises(ValueError):
        book.netns("red")
    book.close()
