#!/usr/bin/env bash
# The container engine for docker/: podman (rootful), set up for these
# machines.  Sourced by docker/images.sh and docker/test.sh; prints nothing.
#
#   - runc instead of crun: crun refuses a hybrid cgroup layout (v1 + unified);
#   - CONTAINERS_CONF with default_ulimits the kernel allows here (the
#     defaults ask for more open files than the hard limit);
#   - BUILDAH_FORMAT=docker: the OCI format drops HEALTHCHECK.
# ZELFTEST_ENGINE=docker uses Docker instead (docker.io and docker-compose).

ZT_ENGINE=${ZELFTEST_ENGINE:-podman}
ZT_CACHE=${ZELFTEST_IMAGE_CACHE:-/var/cache/zelftest-images}
mkdir -p "$ZT_CACHE"
if [ "$ZT_ENGINE" = podman ]; then
  nofile=$(ulimit -Hn)
  [ "$nofile" = unlimited ] && nofile=1048576
  cat > "$ZT_CACHE/containers.conf.new" <<CONF
# written by docker/engine.sh
[containers]
default_ulimits = ["nofile=$nofile:$nofile", "nproc=32768:32768"]

[engine]
runtime = "runc"
CONF
  mv "$ZT_CACHE/containers.conf.new" "$ZT_CACHE/containers.conf"
  export CONTAINERS_CONF=$ZT_CACHE/containers.conf
  export BUILDAH_FORMAT=docker
fi
