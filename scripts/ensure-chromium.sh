# Sourced by the end-to-end tests: installs Debian's Chromium when it is missing.
mcp_ensure_chromium() {
  if [[ -x /usr/bin/chromium ]]; then return 0; fi
  if [[ $(id -u) -ne 0 ]]; then
    echo "chromium: /usr/bin/chromium is missing; install Debian's chromium package" >&2
    return 1
  fi
  echo "chromium: installing Debian's chromium" >&2
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >&2
}
