"""Property: manifests whose values have the wrong JSON type, huge or odd numbers, unicode, or deep nesting, sent to
kubectl apply/create/replace/delete -f - and through `kubectl edit` (KUBE_EDITOR rewriting a value), and the new
verbs (edit, debug, auth can-i, events, cp) with mutated flags, never raise; one that fails alone leaves the API
store and the nodes' network as they were; the terminal answers afterwards."""
from __future__ import annotations

import copy
import json
import os
import random
from typing import Any

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from course_lib import Cluster
from tests.fuzz_support import built, check_result, fixed, mutated, run_session
from tests.k8s import test_fuzz_new2_kubectl as new2
from tests.k8s.test_kubectl_fuzz import MANIFESTS, SETUP, settle

ODD = [2 ** 64, -(2 ** 63) - 1, 10 ** 400, 1e308, -0.0, 1.5, float("inf"), True, False, None, "", "é🙂\u202e",
       "\x00", "x" * 5000, [], [1, "a"], {}, {"a": {"b": 1}}, "0x10", "1e3", "-1", "   ", "true", "null",
       "nginx:" + "9" * 40, "UPPER", "a" * 64, [[[[[]]]]], {"": ""}, {"\u00e9": "\u00e9"}]
STDIN_COMMANDS = ["kubectl apply -f -", "kubectl create -f -", "kubectl replace -f -", "kubectl delete -f -",
                  "kubectl apply -f - --dry-run=client -o yaml", "kubectl apply -f - -n dev",
                  "kubectl create -f - -o json",
                  "kubectl apply --server-side -f -", "kubectl diff -f -", "kubectl apply -f - --validate=false"]
EDITS = ["kubectl edit cm cm", "kubectl edit deploy web", "kubectl edit pod bb", "kubectl edit svc web -o json"]
SED_VALUES = ["1e999", "-99999999999999999999", "[]", "{}", "'é🙂'", "null", "[[[[[[[[1]]]]]]]]", "0x10", "true",
              "{a: {b: {c: [1, {d: 2}]}}}", "!!binary AAA", "*x", "&y 1", "| ", "'", "- 1"]


def nest(depth: int, leaf: Any) -> Any:
    for i in range(depth):
        leaf = {"a": leaf} if i % 2 else [leaf]
    return leaf


def paths(obj: Any, prefix: tuple = ()) -> list[tuple]:
    out = [prefix] if prefix else []
    if isinstance(obj, dict):
        for key, value in obj.items():
            out += paths(value, prefix + (key,))
    elif isinstance(obj, list):
        for index, value in enumerate(obj):
            out += paths(value, prefix + (index,))
    return out


def retype(rng: random.Random, docs: list, depths: tuple = (2, 30, 120)) -> None:
    """Replace one to three values of the documents: a wrong type, an odd number, unicode, or deep nesting."""
    for _ in range(rng.randint(1, 3)):
        doc = rng.choice(docs)
        where = rng.choice(paths(doc) or [()])
        if not where:
            continue
        parent = doc
        for key in where[:-1]:
            parent = parent[key]
        value = copy.deepcopy(rng.choice(ODD))          # never a shared object: no cycles, ODD stays as it is
        parent[where[-1]] = nest(rng.choice(depths), value) if rng.random() < 0.15 else value


def retyped_manifest(rng: random.Random) -> str:
    """A valid manifest with values retyped, as YAML or JSON."""
    docs = [d for d in yaml.safe_load_all(rng.choice(MANIFESTS)) if d is not None]
    retype(rng, docs)
    if rng.random() < 0.5:
        return "\n---\n".join(json.dumps(d, allow_nan=True) for d in docs)
    return yaml.safe_dump_all(docs, allow_unicode=rng.random() < 0.5)


def random_input(rng: random.Random) -> tuple[str, str]:
    kind = rng.randrange(4)
    if kind == 0:
        return rng.choice(STDIN_COMMANDS), retyped_manifest(rng)
    if kind == 1:
        key = rng.choice(["replicas", "name", "image", "containers", "data", "port", "labels", "a", "spec"])
        return f"KUBE_EDITOR='sed -i \"s/{key}:.*/{key}: {rng.choice(SED_VALUES)}/\"' {rng.choice(EDITS)}", ""
    if kind == 2:
        deep = "{" * rng.choice([10, 500, 5000]) + "}" * rng.choice([0, 10, 5000])
        return rng.choice(STDIN_COMMANDS), rng.choice([deep, "[" * 3000, "a:\n" + "  b:\n" * 400, "- " * 2000])
    line, _ = new2.random_input(rng)
    return mutated(rng, line, new2.VOCAB) or line, ""


@pytest.fixture(scope="module")
def cluster() -> Cluster:
    return built(Cluster(cni="bridge"), SETUP)


@fixed(int(os.environ.get("FUZZ_EXAMPLES", 12)))
@given(seed=st.integers(0, 2 ** 32 - 1))
def test_s4_retyped_manifests_and_new_verbs_never_raise_and_failures_change_nothing(cluster: Cluster, seed: int):
    rng = random.Random(seed)
    run_session(cluster.run, 8, lambda: random_input(rng), lambda: new2.state(cluster), new2.failed_alone,
                settle=lambda line: settle(cluster, line, new2.READERS))
    alive = cluster.run("kubectl get ns default -o name")
    check_result("alive", alive)
    assert alive.stdout == "namespace/default\n", alive
