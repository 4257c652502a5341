#!/usr/bin/env bash
# Make sure the Debian packages the application needs are installed.
#   scripts/system_packages.sh run    WeasyPrint's libraries and fonts (printing notices)
#   scripts/system_packages.sh test   the same, plus Poppler, Chromium and Dovecot (a real IMAP
#                                     server the mailboxes' tests start) for the tests
# Installs them when it can (root, or passwordless sudo, on Debian or Ubuntu); otherwise
# stops with the one apt-get line to run.
set -euo pipefail

need=()
have_lib() { ldconfig -p 2>/dev/null | grep -q "$1"; }
have_lib 'libpango-1.0.so.0' || need+=(libpango-1.0-0)
have_lib 'libpangoft2-1.0.so.0' || need+=(libpangoft2-1.0-0)
have_lib 'libharfbuzz-subset.so.0' || need+=(libharfbuzz-subset0)
[ -e /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || need+=(fonts-dejavu-core)
if [ "${1:-run}" = test ]; then
  command -v pdftoppm >/dev/null || need+=(poppler-utils)
  [ -x /usr/bin/chromium ] || need+=(chromium)
  command -v dovecot >/dev/null || [ -x /usr/sbin/dovecot ] || need+=(dovecot-imapd)
fi
[ ${#need[@]} -eq 0 ] && exit 0

line="apt-get install -y ${need[*]}"
if command -v apt-get >/dev/null; then
  if [ "$(id -u)" = 0 ]; then sudo=""; elif sudo -n true 2>/dev/null; then sudo="sudo"; else sudo=none; fi
  if [ "$sudo" != none ]; then
    echo "Installing system packages: ${need[*]}"
    export DEBIAN_FRONTEND=noninteractive
    $sudo apt-get update -qq && $sudo apt-get install -y -qq "${need[@]}" >/dev/null && exit 0
  fi
fi
echo "Missing system packages. Install them with:" >&2
echo "  sudo $line" >&2
exit 1
