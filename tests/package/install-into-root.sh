#!/bin/sh
# Installs a .deb into a throwaway root with dpkg (maintainer scripts run chrootless, with
# DPKG_ROOT set), removes it, installs it again and purges it, printing what tst_package checks:
# users, folders, modes and owners after each step. Run as root, or under fakeroot (then the
# owners are fakeroot's, consistent within this one process).
# Usage: install-into-root.sh ROOT PACKAGE.deb
set -eu
root="$1"
deb="$2"
rm -rf "$root"
mkdir -p "$root/var/lib/dpkg/info" "$root/var/lib/dpkg/updates" "$root/var/lib/dpkg/triggers" "$root/etc"
touch "$root/var/lib/dpkg/status"
dpkg="dpkg --root=$root --force-script-chrootless --force-depends --force-not-root --log=/dev/null"
show() {
    for path in etc/sluice etc/sluice/sluice.json var/lib/sluice usr/bin/sluice-agent \
                etc/systemd/system/multi-user.target.wants/sluice-agent.service; do
        if [ -e "$root/$path" ] || [ -L "$root/$path" ]; then
            echo "path $path $(stat -c '%a %u %g' "$root/$path")"
        else
            echo "path $path missing"
        fi
    done
    grep '^sluice:' "$root/etc/passwd" | sed 's/^/passwd /' || echo "passwd none"
    grep '^sluice:' "$root/etc/group" | sed 's/^/group /' || echo "group none"
}
echo "== install"
$dpkg -i "$deb" >/dev/null
show
echo "data" > "$root/var/lib/sluice/kept"
echo "== remove"
$dpkg -r sluice-agent >/dev/null
show
echo "== purge"
$dpkg -i "$deb" >/dev/null
$dpkg -P sluice-agent >/dev/null
show
