#!/usr/bin/env bash
# Runs a test with a real Secret Service: a private D-Bus session with GNOME Keyring, unlocked, its
# keyring in a throwaway folder. Where either is missing the test runs as it is (and the console's
# keychain test checks the message a user without a keychain gets).
set -euo pipefail
if command -v dbus-run-session >/dev/null && command -v gnome-keyring-daemon >/dev/null; then
    XDG_DATA_HOME="$(mktemp -d)"
    export XDG_DATA_HOME
    exec dbus-run-session -- bash -c \
        'if started="$(printf sluice | gnome-keyring-daemon --unlock --components=secrets)"; then
             eval "$started"; export SLUICE_TEST_KEYRING=1
         else
             echo "with-keyring.sh: gnome-keyring-daemon did not start; the keychain test checks the message" >&2
         fi
         exec "$@"' \
        _ "$@"
fi
exec "$@"
