"""SettledDict / SettledMap: every read (and, for the map, every write) settles first; copies are plain."""
import copy
import pickle

from course_lib.net.settled import SettledDict, SettledMap


class Owed(SettledMap):
    """A dict owed one entry ('due': 1) until it is settled."""

    __slots__ = ("owed", "settles")

    def __init__(self) -> None:
        super().__init__()
        self.owed, self.settles = True, 0

    def _settle(self) -> None:
        self.settles += 1
        if self.owed:
            self.owed = False
            dict.__setitem__(self, "due", 1)


class Counts(SettledDict):
    __slots__ = ("settles",)

    def __init__(self) -> None:
        super().__init__()
        self.settles = 0

    def _settle(self) -> None:
        self.settles += 1


def test_reads_see_what_is_owed() -> None:
    for read in (len, list, lambda d: d["due"], lambda d: "due" in d, lambda d: d.get("due"), lambda d: d == {"due": 1},
                 repr, lambda d: list(d.keys()), lambda d: list(d.items()), lambda d: list(d.values()),
                 lambda d: d.copy()):
        d = Owed()
        read(d)
        assert not d.owed and dict.__getitem__(d, "due") == 1


def test_writes_settle_first_in_a_map_only() -> None:
    d = Owed()
    d["x"] = 2
    assert dict(d.items()) == {"due": 1, "x": 2}
    d = Owed()
    d.clear()
    assert dict.__len__(d) == 0 and not d.owed          # the owed entry was applied, then cleared
    c = Counts()
    c["x"] = 1
    assert c.settles == 0                               # a plain write into a SettledDict
    assert c.get("x") == 1 and c.settles == 1


def test_copies_and_pickles_are_plain_settled_dicts() -> None:
    for clone in (copy.copy, copy.deepcopy, lambda d: pickle.loads(pickle.dumps(d))):
        got = clone(Owed())
        assert type(got) is dict and got == {"due": 1}
    try:
        hash(Owed())
    except TypeError:
        pass
    else:
        raise AssertionError("a settled dict must stay unhashable, as a dict is")
