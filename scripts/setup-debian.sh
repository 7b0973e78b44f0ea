#!/usr/bin/env bash
# Installs what Sluice needs to build, test and demo on Debian 12. Skips apt when all is there.
set -euo pipefail

packages=(
    build-essential cmake ninja-build pkg-config ccache
    qt6-base-dev qt6-httpserver-dev qt6-websockets-dev libqt6sql6-sqlite libqt6sql6-psql
    qt6-tools-dev qt6-l10n-tools qt6-translations-l10n qtkeychain-qt6-dev libqt6svg6
    librdkafka-dev libvalijson-dev libsimdjson-dev libsystemd-dev
)
if [ "${1:-}" = "--test" ]; then
    # The JSON-Schema-Test-Suite measures the validator; Node (with npm) runs independent checks.
    packages+=(json-schema-test-suite dpkg-dev file fakeroot systemd openssl)
    # Deliveries through an outbound proxy are tested through a real one.
    packages+=(tinyproxy)
    # The PostgreSQL store is tested against a real server: a private cluster each test run starts.
    packages+=(postgresql-15)
    # The console's keychain test runs against a real Secret Service in a private D-Bus session.
    packages+=(dbus gnome-keyring libsecret-1-0 desktop-file-utils)
    command -v npm >/dev/null || packages+=(nodejs npm)
fi
if [ "${1:-}" = "--bench" ]; then
    packages+=(kcat wrk nginx-light bc time libcurl4-openssl-dev postgresql-15)
fi
if [ "${1:-}" = "--fuzz" ]; then
    # libFuzzer and AddressSanitizer come with clang's runtime libraries.
    packages+=(clang libclang-rt-14-dev)
fi

missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
echo "Installing: ${missing[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
