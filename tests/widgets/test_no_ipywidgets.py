"""Without ipywidgets and matplotlib installed, course_lib, the model and lab.trace() still work (as text)."""
from __future__ import annotations

import subprocess
import sys

BLOCK = """
import sys
class Block:
    def find_spec(self, name, path=None, target=None):
        if name.split('.')[0] in ('ipywidgets', 'matplotlib', 'IPython', 'networkx'):
            raise ImportError(f'No module named {name!r} (blocked by the test)')
        return None
sys.meta_path.insert(0, Block())
"""


def test_model_and_trace_without_widget_libraries():
    code = BLOCK + """
import course_lib, course_lib.tracing, course_lib.net.world, course_lib.k8s, course_lib.dns.resolver
from course_lib import Lab
lab = Lab()
lab.run('ip addr add 10.0.0.1/24 dev lo')
t = lab.trace('ping -c 1 10.0.0.1')
bundle = t._repr_mimebundle_()
print(sorted(bundle), len(t.hops) > 0, str(t).splitlines()[0])
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "['text/plain'] True host$ ping -c 1 10.0.0.1"


def test_widgets_module_fails_only_when_used():
    code = BLOCK + """
import course_lib.widgets as w
from course_lib import Lab
try:
    w.TraceStepper(Lab().trace('true'))
except ImportError as exc:
    print('ImportError', 'ipywidgets' in str(exc) or 'matplotlib' in str(exc) or 'networkx' in str(exc))
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "ImportError True"
