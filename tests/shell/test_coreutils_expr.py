"""expr, tac and fold: outputs, exit statuses and errors as coreutils 9.1 gives them (checked with the real tools)."""
from __future__ import annotations

import pytest

from course_lib import Lab


@pytest.fixture(scope="module")
def lab() -> Lab:
    return Lab()


@pytest.mark.parametrize("line,out,err,rc", [
    ("expr 3 + 4", "7\n", "", 0),
    ("expr 2 \\* 3 + 1", "7\n", "", 0),
    ("expr -5 / 2; expr -7 % 3; expr 10 % 3", "-2\n-1\n1\n", "", 0),
    ("expr \\( 1 + 2 \\) \\* 3", "9\n", "", 0),
    ("expr 0", "0\n", "", 1),
    ("expr ''", "\n", "", 1),
    ("expr 3 \\| 0; expr 0 \\& 1", "3\n0\n", "", 1),
    ("expr 5 \\> 3; expr b \\< a; expr 10 \\< 9", "1\n0\n0\n", "", 1),
    ("expr length abcd; expr substr hello 2 3; expr index hello l", "4\nell\n3\n", "", 0),
    ("expr hello : 'h\\(.*\\)o'; expr hello : hel; expr match abc 'a.'", "ell\n3\n2\n", "", 0),
    ("expr x : y; expr x : '\\(y\\)'", "0\n\n", "", 1),
    ("expr 99999999999999999999 + 1", "100000000000000000000\n", "", 0),
    ("expr 7 / 0", "", "expr: division by zero\n", 2),
    ("expr a + 1", "", "expr: non-integer argument\n", 2),
    ("expr 3 +", "", "expr: syntax error: missing argument after ‘+’\n", 2),
    ("expr 1 + 2 x", "", "expr: syntax error: unexpected argument ‘x’\n", 2),
    ("expr \\( 1 + 2", "", "expr: syntax error: expecting ')' after ‘2’\n", 2),
    ("expr", "", "expr: missing operand\nTry 'expr --help' for more information.\n", 2),
    ("printf 'a\\nb\\nc' | tac", "cb\na\n", "", 0),
    ("tac /nonexist", "", "tac: failed to open '/nonexist' for reading: No such file or directory\n", 1),
    ("echo 'abcdefghij klm nopq' | fold -w 5", "abcde\nfghij\n klm \nnopq\n", "", 0),
    ("echo 'ab cdefgh' | fold -s -w 4", "ab \ncdef\ngh\n", "", 0),
    ("fold -w 0 </dev/null", "", "fold: invalid number of columns: ‘0’: Numerical result out of range\n", 1),
    ("fold -w x </dev/null", "", "fold: invalid number of columns: ‘x’\n", 1),
])
def test_like_coreutils(lab: Lab, line: str, out: str, err: str, rc: int) -> None:
    r = lab.run(line)
    assert (r.stdout, r.stderr, r.returncode) == (out, err, rc)
