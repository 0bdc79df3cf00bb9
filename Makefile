# Quick start: `make demo` (the app in demo mode) and `make test` (the whole suite).
# Both set up everything on a fresh Debian machine: system packages when root, then .venv.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP_SYS := $(VENV)/.system-deps
STAMP_PY := $(VENV)/.python-deps
SYSTEM_PACKAGES := xvfb xauth fonts-wqy-microhei poppler-utils libegl1 libgl1 libxkbcommon0 \
  libxkbcommon-x11-0 libfontconfig1 libdbus-1-3 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 \
  libxcb-shape0 libxcb-image0 libxcb-render-util0 libxcb-xinerama0 libxcb-randr0 libxcb-xfixes0 libpulse0

.PHONY: setup forms demo demo-check screenshots test bench lint clean dist dist-test

setup: $(STAMP_PY) forms

# The screens' layouts: forms/*.ui compiled into clerk_app/ui/forms/ui_*.py (not committed);
# a module older than its .ui is compiled again (docs/forms.md).
FORMS_UI := $(wildcard forms/*.ui)
FORMS_PY := $(patsubst forms/%.ui,clerk_app/ui/forms/ui_%.py,$(FORMS_UI))

# The translations: resources/i18n/*.ts compiled into *.qm beside them (not committed), so
# `CLERK_LANG=en_US clerk-app` speaks English from a source checkout too.
I18N_TS := $(wildcard resources/i18n/*.ts)
I18N_QM := $(I18N_TS:.ts=.qm)

forms: $(FORMS_PY) $(I18N_QM)

clerk_app/ui/forms/ui_%.py: forms/%.ui clerk_app/ui/forms_build.py | $(STAMP_PY)
	$(PY) -m clerk_app.ui.forms_build

resources/i18n/%.qm: resources/i18n/%.ts clerk_app/ui/forms_build.py | $(STAMP_PY)
	$(PY) -m clerk_app.ui.forms_build

$(STAMP_SYS):
	@mkdir -p $(VENV)
	@if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  missing=$$(for p in $(SYSTEM_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	  if [ -n "$$missing" ]; then \
	    echo "Installing system packages: $$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  fi; \
	else \
	  echo "Not root or no apt-get: make sure these are installed: $(SYSTEM_PACKAGES)"; \
	fi
	@touch $@

$(STAMP_PY): pyproject.toml $(STAMP_SYS)
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@$(PY) -m pip install -q --upgrade pip
	@$(PY) -m pip install -q -e '.[dev]'
	@touch $@

# The screen check comes first: on a machine without one, say so before building anything.
demo: demo-check setup
	$(VENV)/bin/clerk-app --demo

demo-check:
	@if [ -z "$$DISPLAY" ] && [ -z "$$WAYLAND_DISPLAY" ] && [ "$$QT_QPA_PLATFORM" != offscreen ]; then \
	  echo "No screen here (neither DISPLAY nor WAYLAND_DISPLAY is set). Run the demo on a virtual screen:"; \
	  echo "    xvfb-run -a -s '-screen 0 1600x1000x24' make demo"; \
	  echo "or on a real desktop. (Xvfb is installed by this Makefile when run as root.)"; \
	  exit 1; \
	fi

# PNGs of every screen with the demo data at 1366x768 and 1920x1080 in out/screenshots/
# (gitignored), on a virtual screen with the CJK font installed by setup.
screenshots: setup
	xvfb-run -a -s '-screen 0 1920x1080x24' $(PY) -m tests.screenshots --out out/screenshots

test: setup
	$(PY) -m ruff check clerk_app tests
	$(PY) -m ruff format --check clerk_app tests
	$(PY) -m mypy
	$(VENV)/bin/lint-imports
	# The Qt tests run in processes of their own. Each device-mode test (a nested app.exec(),
	# as the real kiosk, display or evaluator runs once per process) gets its own process: two
	# modes in one process crashed PySide in ~40% of runs (a deferred delete of the first mode's
	# objects running under the next), which no real device ever does.
	# The same rare PySide crash at a widget's teardown (a signal, never an assertion) can hit
	# the screens' run too: one more run, said aloud; a failed test fails at once.
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest tests/ui --ignore=tests/ui/test_kiosk_modes.py; status=$$?; \
	if [ $$status -ge 128 ]; then \
	  echo "tests/ui: the Qt process crashed (exit $$status); running the screens once more"; \
	  QT_QPA_PLATFORM=offscreen $(PY) -m pytest tests/ui --ignore=tests/ui/test_kiosk_modes.py || exit 1; \
	elif [ $$status -ne 0 ]; then exit 1; fi
	# A rare crash of PySide deleting a finished task's relay at teardown under heavy load
	# (SIGSEGV/SIGABRT, not a failed assertion) gets one more run, said aloud; a failure never.
	for test in $$(QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q --collect-only tests/ui/test_kiosk_modes.py | grep '::'); do \
	  QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q "$$test"; status=$$?; \
	  if [ $$status -ge 128 ]; then \
	    echo "$$test: the Qt process crashed (exit $$status); running it once more"; \
	    QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q "$$test" || exit 1; \
	  elif [ $$status -ne 0 ]; then exit 1; fi; \
	done
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest --ignore=tests/ui --ignore=tests/dist

# The frozen one-folder build dist/clerk-app/ (PyInstaller, installer/clerk_app.spec) and its
# .deb dist/clerk-app_VERSION_amd64.deb (installer/make_deb.py); installer/README.md.
dist: setup
	$(PY) -m PyInstaller --noconfirm --log-level WARN --distpath dist --workpath build/pyinstaller \
	  installer/clerk_app.spec
	$(PY) installer/make_deb.py --frozen dist/clerk-app --out dist

# The frozen build started without the virtualenv, the .deb installed, upgraded, removed and
# purged in a throw-away root (minutes: not in `make test`; CI runs it).
dist-test: dist
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest tests/dist

bench: setup
	QT_QPA_PLATFORM=offscreen $(PY) -m tests.bench.run

lint: setup
	$(PY) -m ruff check --fix clerk_app tests
	$(PY) -m ruff format clerk_app tests

clean:
	rm -rf $(VENV) build dist *.egg-info clerk_app/ui/forms/ui_*.py
