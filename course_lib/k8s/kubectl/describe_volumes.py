"""describeVolumes, printPodTolerationsMultiline and describeContainerResource (kubectl 1.30), shared by describe
pod and the pod templates of Deployments, ReplicaSets, DaemonSets, StatefulSets and Jobs."""
from __future__ import annotations

from typing import Any

Obj = dict[str, Any]


def volumes(w: Any, vols: list[Obj], space: str = "") -> None:
    """`Volumes:` then each volume's name (one more space inside a template) and its source at 4 spaces."""
    if not vols:
        w.lines.append(f"{space}Volumes:\t<none>")
        return
    w.lines.append(f"{space}Volumes:")
    for vol in vols:
        w.lines.append(f"  {' ' if space else ''}{vol.get('name', '')}:")
        for key, value in _source(vol):
            w.lines.append(f"    {key}\t{value}")


def _source(vol: Obj) -> list[tuple[str, str]]:
    if "projected" in vol:
        return [("Type:", "Projected (a volume that contains injected data from multiple sources)"),
                ("TokenExpirationSeconds:", "3607"), ("ConfigMapName:", "kube-root-ca.crt"),
                ("ConfigMapOptional:", "<nil>"), ("DownwardAPI:", "true")]
    if "hostPath" in vol:
        kind = vol["hostPath"].get("type")
        return [("Type:", "HostPath (bare host directory volume)"), ("Path:", vol["hostPath"].get("path", "")),
                ("HostPathType:", "<none>" if kind is None else str(kind))]
    if "configMap" in vol:
        return [("Type:", "ConfigMap (a volume populated by a ConfigMap)"), ("Name:", vol["configMap"].get("name", "")),
                ("Optional:", "true" if vol["configMap"].get("optional") else "false")]
    if "secret" in vol:
        return [("Type:", "Secret (a volume populated by a Secret)"),
                ("SecretName:", vol["secret"].get("secretName", "")),
                ("Optional:", "true" if vol["secret"].get("optional") else "false")]
    size = (vol.get("emptyDir") or {}).get("sizeLimit")
    return [("Type:", "EmptyDir (a temporary directory that shares a pod's lifetime)"),
            ("Medium:", (vol.get("emptyDir") or {}).get("medium", "")), ("SizeLimit:", str(size or "<unset>"))]


def toleration_text(t: Obj) -> str:
    text = t.get("key", "")
    if t.get("value"):
        text += "=" + t["value"]
    if t.get("effect"):
        text += ":" + t["effect"]
    if t.get("operator") == "Exists" and not t.get("value"):
        text += " op=Exists" if t.get("key") or t.get("effect") else "op=Exists"
    if t.get("tolerationSeconds") is not None:
        text += f" for {t['tolerationSeconds']}s"
    return text


def tolerations(w: Any, level: int, title: str, tols: list[Obj]) -> None:
    """printPodTolerationsMultiline: sorted by key (stable), one per line."""
    texts = [toleration_text(t) for t in sorted(tols, key=lambda t: str(t.get("key", "")))]
    if not texts:
        w.w(level, title, "<none>")
    for n, text in enumerate(texts):
        w.w(level, title if n == 0 else "", text)


def resources(w: Any, container: Obj) -> None:
    """describeContainerResource: Limits then Requests, resource names sorted, quantities canonical."""
    from course_lib.k8s import quantity
    res = container.get("resources") or {}
    for title, key in (("Limits:", "limits"), ("Requests:", "requests")):
        values = res.get(key) or {}
        if values:
            w.w(2, title)
        for name in sorted(values):
            w.w(3, f"{name}:", quantity.text(*quantity.parse(values[name])))
