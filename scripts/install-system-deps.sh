#!/usr/bin/env bash
# Installs the system packages TaskPing's tests need on Debian 12, as root:
#   tmux, dovecot-imapd, dovecot-lmtpd, postfix
# Idempotent: installs only what is missing. The end-to-end tests run their own
# Dovecot/Postfix from a temp dir on free high ports, so the system-wide
# services the packages start are stopped and disabled again (nothing stays on
# ports 25/143).
set -euo pipefail

PACKAGES=(tmux dovecot-imapd dovecot-lmtpd postfix)

log() { echo "[install-system-deps] $*"; }

if [ "$(id -u)" -ne 0 ]; then
	log "must run as root" >&2
	exit 1
fi

export DEBIAN_FRONTEND=noninteractive
export NEEDRESTART_MODE=a

missing=()
for pkg in "${PACKAGES[@]}"; do
	if dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
		log "$pkg: already installed"
	else
		missing+=("$pkg")
	fi
done

# Stops and disables the system-wide daemon of a service if it is there.
stop_service() {
	local svc=$1
	if command -v systemctl >/dev/null 2>&1 && [ -d /run/systemd/system ]; then
		systemctl stop "$svc" >/dev/null 2>&1 || true
		systemctl disable "$svc" >/dev/null 2>&1 || true
	fi
	if [ -x "/etc/init.d/$svc" ]; then
		"/etc/init.d/$svc" stop >/dev/null 2>&1 || true
	fi
}

if [ ${#missing[@]} -gt 0 ]; then
	log "missing: ${missing[*]}"
	# Keep the package scripts from starting daemons while we install (no init
	# system in containers, but policy-rc.d is honoured by invoke-rc.d).
	policy=/usr/sbin/policy-rc.d
	created_policy=0
	if [ ! -e "$policy" ]; then
		printf '#!/bin/sh\nexit 101\n' >"$policy"
		chmod 755 "$policy"
		created_policy=1
	fi
	trap '[ "$created_policy" = 1 ] && rm -f "$policy"' EXIT
	log "preseeding postfix debconf: No configuration"
	echo 'postfix postfix/main_mailer_type select No configuration' | debconf-set-selections
	echo 'postfix postfix/mailname string localhost' | debconf-set-selections
	log "apt-get update"
	apt-get update -qq
	log "apt-get install ${missing[*]}"
	apt-get install -y -qq --no-install-recommends \
		-o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold \
		"${missing[@]}" >/dev/null
	if [ "$created_policy" = 1 ]; then rm -f "$policy"; fi
	trap - EXIT
	log "installed: ${missing[*]}"
fi

log "stopping system-wide postfix/dovecot (tests run their own)"
stop_service postfix
stop_service dovecot
# Anything still running from the system configs (not a test's temp-dir copy).
if pgrep -f '^/usr/lib/postfix/sbin/master( -w)?$' >/dev/null 2>&1; then
	postfix stop >/dev/null 2>&1 || true
fi
if [ -f /run/dovecot/master.pid ]; then
	pid=$(cat /run/dovecot/master.pid 2>/dev/null || true)
	if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
		kill "$pid" 2>/dev/null || true
	fi
fi

for bin in tmux dovecot postfix /usr/lib/postfix/sbin/master /usr/lib/dovecot/lmtp; do
	if ! command -v "$bin" >/dev/null 2>&1 && [ ! -x "$bin" ]; then
		log "ERROR: $bin not found after install" >&2
		exit 1
	fi
done
log "ok: tmux $(tmux -V | cut -d' ' -f2), dovecot $(dovecot --version | cut -d' ' -f1), postfix $(postconf -d -h mail_version 2>/dev/null)"
