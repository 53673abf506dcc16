"""A container's users: its image's /etc/passwd and /etc/group, and `-u USER[:GROUP]` resolved as docker 28 does.

dockerd resolves the user of `docker run -u` and `docker exec -u` (and of a container without one: root) with runc's
libcontainer user.GetExecUser over the container's own files: a name or a uid found in /etc/passwd gives that
entry's uid and primary gid and, when no group is named, the groups of /etc/group that list the user; a uid with no
entry is used as it is with gid 0; a group named after `:` replaces the gid (a number with no entry is used as it is).
The process's groups are its gid, then those. A name that matches nothing is the daemon's `unable to find user`.

The files: BusyBox images carry buildroot's skeleton /etc/passwd and /etc/group (docker-library/busybox copies
them); Debian images base-passwd 3.6.1's (Debian 12, as /usr/share/base-passwd/*.master has them, `*` as `x`);
nginx adds its user and group 101 (its Dockerfile's adduser --uid 101).
"""
from __future__ import annotations

from typing import Optional

from course_lib.shell.identity import ROOT, Identity, id_number, rows

BUSYBOX_PASSWD = """\
root:x:0:0:root:/root:/bin/sh
daemon:x:1:1:daemon:/usr/sbin:/bin/false
bin:x:2:2:bin:/bin:/bin/false
sys:x:3:3:sys:/dev:/bin/false
sync:x:4:100:sync:/bin:/bin/sync
mail:x:8:8:mail:/var/spool/mail:/bin/false
www-data:x:33:33:www-data:/var/www:/bin/false
operator:x:37:37:Operator:/var:/bin/false
nobody:x:65534:65534:nobody:/home:/bin/false
"""
BUSYBOX_GROUP = """\
root:x:0:
daemon:x:1:
bin:x:2:
sys:x:3:
adm:x:4:
tty:x:5:
disk:x:6:
lp:x:7:
mail:x:8:
kmem:x:9:
wheel:x:10:root
cdrom:x:11:
dialout:x:18:
floppy:x:19:
video:x:28:
audio:x:29:
tape:x:32:
www-data:x:33:
operator:x:37:
utmp:x:43:
plugdev:x:46:
staff:x:50:
lock:x:54:
netdev:x:82:
users:x:100:
nogroup:x:65534:
"""
DEBIAN_PASSWD = """\
root:x:0:0:root:/root:/bin/bash
daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin
bin:x:2:2:bin:/bin:/usr/sbin/nologin
sys:x:3:3:sys:/dev:/usr/sbin/nologin
sync:x:4:65534:sync:/bin:/bin/sync
games:x:5:60:games:/usr/games:/usr/sbin/nologin
man:x:6:12:man:/var/cache/man:/usr/sbin/nologin
lp:x:7:7:lp:/var/spool/lpd:/usr/sbin/nologin
mail:x:8:8:mail:/var/mail:/usr/sbin/nologin
news:x:9:9:news:/var/spool/news:/usr/sbin/nologin
uucp:x:10:10:uucp:/var/spool/uucp:/usr/sbin/nologin
proxy:x:13:13:proxy:/bin:/usr/sbin/nologin
www-data:x:33:33:www-data:/var/www:/usr/sbin/nologin
backup:x:34:34:backup:/var/backups:/usr/sbin/nologin
list:x:38:38:Mailing List Manager:/var/list:/usr/sbin/nologin
irc:x:39:39:ircd:/run/ircd:/usr/sbin/nologin
_apt:x:42:65534::/nonexistent:/usr/sbin/nologin
nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin
"""
DEBIAN_GROUP = """\
root:x:0:
daemon:x:1:
bin:x:2:
sys:x:3:
adm:x:4:
tty:x:5:
disk:x:6:
lp:x:7:
mail:x:8:
news:x:9:
uucp:x:10:
man:x:12:
proxy:x:13:
kmem:x:15:
dialout:x:20:
fax:x:21:
voice:x:22:
cdrom:x:24:
floppy:x:25:
tape:x:26:
sudo:x:27:
audio:x:29:
dip:x:30:
www-data:x:33:
backup:x:34:
operator:x:37:
list:x:38:
irc:x:39:
src:x:40:
shadow:x:42:
utmp:x:43:
video:x:44:
sasl:x:45:
plugdev:x:46:
staff:x:50:
games:x:60:
users:x:100:
nogroup:x:65534:
"""
IMAGE_USERS = {"nginx": ("nginx:x:101:101:nginx user:/nonexistent:/bin/false\n", "nginx:x:101:\n")}
MAX_ID = 2 ** 31 - 1


class UserError(ValueError):
    """The daemon's refusal of a user spec (its message, as `Error response from daemon:` shows it)."""


def image_files(repository: str, userland: str) -> Optional[tuple[str, str]]:
    """The image's /etc/passwd and /etc/group, or None when the simulation has none of its own for it."""
    if userland == "busybox":
        return BUSYBOX_PASSWD, BUSYBOX_GROUP
    if userland != "debian":
        return None
    extra_passwd, extra_group = IMAGE_USERS.get(repository, ("", ""))
    return DEBIAN_PASSWD + extra_passwd, DEBIAN_GROUP + extra_group


def _number(text: str) -> Optional[int]:
    """strconv.Atoi, or None."""
    body = text[1:] if text[:1] in "+-" else text
    return int(text) if body.isdigit() and body.isascii() else None


def resolve(spec: str, passwd: str, group: str) -> Identity:
    """`-u USER[:GROUP]` (an empty USER: uid 0) as user.GetExecUser resolves it, then moby's getUser."""
    user_arg, _, group_arg = spec.partition(":")
    group_arg = group_arg.split(":", 1)[0]
    uid_arg, gid_arg = _number(user_arg), _number(group_arg)
    uid, gid, matched = 0, 0, ""
    for name, _pw, uid_text, gid_text, *_rest in rows(passwd, 7):
        hit = id_number(uid_text) == (uid_arg if uid_arg is not None else 0) if not user_arg or uid_arg is not None \
            else name == user_arg
        if hit:
            uid, gid, matched = id_number(uid_text), id_number(gid_text), name
            break
    else:
        if user_arg and uid_arg is None:
            raise UserError(f"unable to find user {user_arg}: no matching entries in passwd file")
        if user_arg:
            uid = uid_arg if uid_arg is not None else 0
            if not 0 <= uid <= MAX_ID:
                raise UserError("uids and gids must be in range 0-2147483647")
    extra: list[int] = []
    if group_arg or matched:
        found = [row for row in rows(group, 4)
                 if (matched in row[3].split(",") if not group_arg else
                     id_number(row[2]) == gid_arg if gid_arg is not None else row[0] == group_arg)]
        if group_arg and found:
            gid = id_number(found[0][2])
        elif group_arg and gid_arg is None:
            raise UserError(f"unable to find group {group_arg}: no matching entries in group file")
        elif group_arg:
            gid = gid_arg if gid_arg is not None else 0
            if not 0 <= gid <= MAX_ID:
                raise UserError("uids and gids must be in range 0-2147483647")
        else:
            extra = [id_number(row[2]) for row in found]
    return Identity(uid, gid, (gid, *extra))


__all__ = ["ROOT", "Identity", "UserError", "image_files", "resolve"]
