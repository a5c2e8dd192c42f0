# Sourced by test.sh and .ci/run: makes Prometheus and promtool available for the insights tests
# (a real Prometheus as data source, `promtool check rules` and `promtool test rules` on the
# generated SLO rules). Installs Debian's package when either binary is missing; idempotent.
# Installing does not leave a Prometheus running: the tests start their own on random ports.
mcp_ensure_prometheus() {
  if command -v prometheus >/dev/null 2>&1 && command -v promtool >/dev/null 2>&1; then
    return 0
  fi
  if [[ $(id -u) -ne 0 ]]; then
    echo "prometheus: prometheus/promtool are not installed and this user cannot apt-get install them;" >&2
    echo "prometheus: install Debian's prometheus package to run the insights tests" >&2
    return 1
  fi
  echo "prometheus: installing Debian's prometheus" >&2
  apt-get update -qq >&2
  # policy-rc.d keeps the package's own service from starting: tests run their own server.
  local had_policy=0
  [[ -e /usr/sbin/policy-rc.d ]] && had_policy=1
  if [[ $had_policy == 0 ]]; then
    printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
    chmod +x /usr/sbin/policy-rc.d
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends prometheus >&2
  local status=$?
  [[ $had_policy == 0 ]] && rm -f /usr/sbin/policy-rc.d
  if [[ $status -ne 0 ]]; then return $status; fi
  # Debian's package may start its service when an init system runs; the tests do not need it.
  if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet prometheus 2>/dev/null; then
    systemctl stop prometheus >/dev/null 2>&1 || true
  fi
  echo "prometheus: $(prometheus --version 2>&1 | head -n1)" >&2
}
