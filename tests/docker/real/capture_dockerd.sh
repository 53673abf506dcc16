#!/bin/bash
# Runs inside unshare --net --mount: a private dockerd for checking formats. Touches no root netns.
set -u
# the docker.io, containerd, runc and tini .debs unpacked with `dpkg -x` under /tmp/dk/root
export PATH=/tmp/dk/root/usr/bin:/tmp/dk/root/usr/sbin:$PATH
ip link set lo up
mkdir -p /tmp/dkrun /tmp/dkdata
mount -t tmpfs none /tmp/dkrun
dockerd --exec-root /tmp/dkrun --data-root /tmp/dkdata -H unix:///tmp/dkrun/docker.sock \
  --pidfile /tmp/dkrun/docker.pid --storage-driver vfs >/tmp/dkx/dockerd.log 2>&1 &
DPID=$!
for i in $(seq 1 30); do [ -S /tmp/dkrun/docker.sock ] && break; sleep 1; done
export DOCKER_HOST=unix:///tmp/dkrun/docker.sock
bash "${SCENARIO:-/tmp/dkx/scenario.sh}"
docker rm -f $(docker ps -aq) >/dev/null 2>&1     # no container (shim) may outlive the capture
kill $DPID; sleep 3; kill -9 $DPID 2>/dev/null
