#!/usr/bin/env bash
# What the browser tests need besides .venv: Debian's Chromium and ChromeDriver, Node's npm,
# and axe-core from package-lock.json (npm ci). Installs only what is missing; says what to
# do when it cannot (not root, no apt-get). Called by `bash scripts/test.sh browser`.
source "$(dirname "$0")/common.sh"

missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
[ -x /usr/bin/chromedriver ] || missing+=(chromium-driver)
command -v npm >/dev/null 2>&1 || missing+=(npm)
# Emoji in the bot's contact cards render as boxes without it (screenshots only).
[ -f /usr/share/fonts/truetype/noto/NotoColorEmoji.ttf ] || missing+=(fonts-noto-color-emoji)
if [ ${#missing[@]} -gt 0 ]; then
  step "Installing Debian packages for the browser tests: ${missing[*]}"
  if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    fail "the browser tests need ${missing[*]}: run 'sudo apt-get install -y ${missing[*]}' (Debian/Ubuntu) and try again."
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq || fail "apt-get update failed: cannot reach Debian's packages to install ${missing[*]}."
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null \
    || fail "apt-get could not install ${missing[*]}; install them by hand and try again."
fi
browser="$(/usr/bin/chromium --version 2>/dev/null | grep -oE '[0-9]+' | head -1)"
driver="$(/usr/bin/chromedriver --version 2>/dev/null | grep -oE '[0-9]+' | head -1)"
[ -n "$browser" ] && [ "$browser" = "$driver" ] \
  || fail "chromium ($browser) and chromedriver ($driver) differ: 'apt-get install -y chromium chromium-driver' brings a matching pair."

# axe-core, exactly as locked; npm ci only when the lock changed since the last install.
if ! cmp -s package-lock.json node_modules/.package-lock-installed 2>/dev/null || [ ! -f node_modules/axe-core/axe.min.js ]; then
  step "npm ci (axe-core for the accessibility check)"
  npm ci --no-audit --no-fund --loglevel=error || fail "npm ci failed: the npm registry must be reachable once to install axe-core."
  cp package-lock.json node_modules/.package-lock-installed
fi
echo "browser deps: $(/usr/bin/chromium --version 2>/dev/null), $(/usr/bin/chromedriver --version | cut -d' ' -f1-2), axe-core $(node -p "require('./node_modules/axe-core/package.json').version")"
