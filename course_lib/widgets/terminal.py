"""Terminal(lab): a command box with history whose output reads as a shell session on one machine."""
from __future__ import annotations

import html
from typing import Any, Callable, Optional

from course_lib.result import CommandResult


class Terminal:
    """A small terminal on a lab machine: type a command, press Enter, read what bash printed.

    `submit(cmd)` does what pressing Enter does (tests and notebooks can call it); `text` is the
    session so far, prompts included; `history` the commands typed, oldest first.
    """

    def __init__(self, lab: Any, host: str = "host", rows: int = 18) -> None:
        import ipywidgets as w

        self.lab = lab
        self.listeners: list[Callable[[str, CommandResult], None]] = []   # called after each command
        self.history: list[str] = []
        self._lines: list[str] = []
        self._cursor = 0
        self._navigating = False
        hosts = list(getattr(lab, "hosts", {}) or [host])
        self.host_select = w.Dropdown(options=hosts, value=host, description="machine",
                                      layout=w.Layout(width="220px"))
        self.input = w.Text(placeholder="type a command, then Enter", continuous_update=False,
                            layout=w.Layout(width="100%"))
        self.up = w.Button(description="↑", tooltip="previous command", layout=w.Layout(width="40px"))
        self.down = w.Button(description="↓", tooltip="next command", layout=w.Layout(width="40px"))
        self.screen = w.HTML(layout=w.Layout(max_height=f"{rows * 1.4:.0f}em", overflow="auto"))
        self.input.observe(self._on_enter, names="value")
        self.up.on_click(lambda _: self.recall(-1))
        self.down.on_click(lambda _: self.recall(+1))
        self.widget = w.VBox([self.host_select, self.screen, w.HBox([self.input, self.up, self.down])])
        self._render()

    @property
    def host(self) -> str:
        return str(self.host_select.value)

    @property
    def text(self) -> str:
        """The session as a terminal shows it: prompt lines and output."""
        return "".join(self._lines)

    def prompt(self) -> str:
        return f"root@{self.host}:~# "

    def submit(self, cmd: str) -> Optional[CommandResult]:
        """Run one command line on the selected machine and append it, with its output, to the screen."""
        if not cmd.strip():
            return None
        self.history.append(cmd)
        self._cursor = len(self.history)
        result = self.lab.host(self.host).run(cmd)
        self._lines.append(self.prompt() + cmd + "\n")
        for stream in (result.stdout, result.stderr):
            if stream:
                self._lines.append(stream if stream.endswith("\n") else stream + "\n")
        self._render()
        for listener in self.listeners:
            listener(cmd, result)
        return result

    def recall(self, step: int) -> str:
        """Put the previous (step -1) or next (+1) command of the history in the box, without running it."""
        if not self.history:
            return ""
        self._cursor = max(0, min(len(self.history), self._cursor + step))
        value = self.history[self._cursor] if self._cursor < len(self.history) else ""
        self._navigating = True
        try:
            self.input.value = value
        finally:
            self._navigating = False
        return value

    def clear(self) -> None:
        self._lines.clear()
        self._render()

    def _on_enter(self, change: dict) -> None:
        if self._navigating or not change["new"]:
            return
        cmd = change["new"]
        self._navigating = True
        try:
            self.input.value = ""
        finally:
            self._navigating = False
        self.submit(cmd)

    def _render(self) -> None:
        body = html.escape(self.text + self.prompt())
        self.screen.value = ('<pre style="background:#1e1e1e;color:#e0e0e0;padding:6px;margin:0;'
                             f'font-size:12px;white-space:pre-wrap">{body}</pre>')

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        return self.widget._repr_mimebundle_(**kwargs)
