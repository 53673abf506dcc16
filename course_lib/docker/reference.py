"""Image references as the Docker CLI checks them before it asks the daemon (distribution/reference's grammar,
ParseNormalizedNamed): the refusal's text, or None."""
from __future__ import annotations

import re
from typing import Optional

_ALNUM = r"[a-z0-9]+"
_COMPONENT = _ALNUM + r"(?:(?:[._]|__|[-]+)" + _ALNUM + r")*"
_DOMAIN_PART = r"(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])"
_HOST = r"(?:" + _DOMAIN_PART + r"(?:\." + _DOMAIN_PART + r")*|\[(?:[a-fA-F0-9:]+)\])"
_NAME = r"(?:" + _HOST + r"(?::[0-9]+)?/)?" + _COMPONENT + r"(?:/" + _COMPONENT + r")*"
REFERENCE = re.compile(r"(" + _NAME + r")(?::([\w][\w.-]{0,127}))?"
                       r"(?:@([A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}))?")
NAME_TOTAL_LENGTH_MAX = 255


def problem(ref: str) -> Optional[str]:
    """reference.ParseNormalizedNamed's error for REF (a 64-hex id, uppercase, bad format, too long)."""
    if re.fullmatch(r"[a-f0-9]{64}", ref):
        return f"invalid repository name ({ref}), cannot specify 64-byte hexadecimal strings"
    slash = ref.find("/")
    first = ref[:slash]
    if slash == -1 or (not any(c in first for c in ".:") and first != "localhost" and first.lower() == first):
        domain, rest = "docker.io", ref
    else:
        domain, rest = first, ref[slash + 1:]
    if domain == "index.docker.io":
        domain = "docker.io"
    if domain == "docker.io" and "/" not in rest:
        rest = "library/" + rest
    remote = rest.split(":", 1)[0]
    if remote.lower() != remote:
        return f"invalid reference format: repository name ({remote}) must be lowercase"
    full = domain + "/" + rest
    m = REFERENCE.fullmatch(full)
    if m is None:
        return "invalid reference format"
    if len(m.group(1)) > NAME_TOTAL_LENGTH_MAX:
        return "repository name must not be more than 255 characters"
    return None
