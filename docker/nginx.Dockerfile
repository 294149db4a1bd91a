# nginx from Debian's package, on the base docker/images.sh builds with
# debootstrap, with the pages (web/) and the configuration template
# (nginx/) in the image; docker/nginx-entry.sh renders the template at
# start (nginx/render.sh, as the VM unit does).  www-data (33) is put in
# zelftest-web (990), the group of the program's socket.
FROM debian:12
RUN apt-get update \
 && apt-get install -y --no-install-recommends nginx curl \
 && rm -rf /var/lib/apt/lists/* /etc/nginx/sites-enabled/* \
 && groupadd --system --gid 990 zelftest-web \
 && usermod -a -G zelftest-web www-data
COPY nginx /etc/zelftest/nginx
COPY web /srv/zelftest/web
COPY docker/nginx-entry.sh /usr/local/bin/zelftest-nginx
STOPSIGNAL SIGQUIT
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s --start-period=5s --retries=3 \
  CMD ["curl", "-fsS", "-o", "/dev/null", "http://127.0.0.1:8080/healthz"]
CMD ["/usr/local/bin/zelftest-nginx"]
