# Redis from Debian's package, on the base docker/images.sh builds with
# debootstrap (no image registry is needed).  The user redis gets fixed ids
# (999:999) before the package is installed, so the program's image can
# name the same group for the sockets.
FROM debian:12
RUN groupadd --system --gid 999 redis \
 && useradd --system --uid 999 --gid redis --home-dir /var/lib/redis --shell /usr/sbin/nologin redis \
 && apt-get update \
 && apt-get install -y --no-install-recommends redis-server redis-tools \
 && rm -rf /var/lib/apt/lists/* \
 && mkdir -p /data /run/redis \
 && chown redis:redis /data /run/redis \
 && chmod 0750 /data /run/redis
USER redis
WORKDIR /data
STOPSIGNAL SIGTERM
HEALTHCHECK --interval=10s --timeout=3s --start-period=3s --retries=3 \
  CMD ["sh", "-c", "redis-cli -s /run/redis/redis.sock ping | grep -q PONG"]
CMD ["redis-server", "--port", "0", "--unixsocket", "/run/redis/redis.sock", "--unixsocketperm", "770"]
