#!/usr/bin/env bash
# Installs the Debian packages the project builds and tests with, when any is missing:
# MySQL client headers for mysqlclient, Chromium and CJK fonts for the browser tests,
# nginx, wrk, jq and redis-server for the deployment check and benchmarks, gettext for
# the translation catalogues (makemessages, compilemessages).
set -euo pipefail

PACKAGES=(default-libmysqlclient-dev pkg-config build-essential chromium fonts-noto-cjk
          nginx wrk jq openssl redis-server gettext)
missing=()
for package in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" \
        || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "Installing system packages: ${missing[*]}"
SUDO=""
[ "$(id -u)" = 0 ] || SUDO="sudo"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
