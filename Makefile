# `make run` and `make test` set everything up themselves (see scripts/bootstrap.sh).
VENV := .venv
PY := $(VENV)/bin/python
TS := $(wildcard src/mycrm/resources/translations/*.ts)
QM := $(TS:.ts=.qm)

.PHONY: run test test-slow bench package screenshots translations lint clean

run:
	@scripts/bootstrap.sh run
	$(PY) -m mycrm

test:
	@scripts/bootstrap.sh test
	QT_QPA_PLATFORM=offscreen MYCRM_NO_EXCEPTHOOK=1 $(PY) -m pytest -q -p no:cacheprovider -m "not slow"

# Long runs: the PyInstaller bundle smoke test, many more crash-safety kills.
test-slow:
	@scripts/bootstrap.sh test
	$(PY) -c 'import PyInstaller' 2>/dev/null || $(PY) -m pip install -q -e '.[package]'
	QT_QPA_PLATFORM=offscreen MYCRM_NO_EXCEPTHOOK=1 $(PY) -m pytest -q -p no:cacheprovider -m slow

package: translations
	@scripts/bootstrap.sh test
	$(PY) -c 'import PyInstaller' 2>/dev/null || $(PY) -m pip install -q -e '.[package]'
	packaging/build.sh

bench:
	@scripts/bootstrap.sh test
	QT_QPA_PLATFORM=offscreen $(PY) bench/run.py

screenshots: translations
	@scripts/bootstrap.sh test
	scripts/screenshots.sh

translations: $(QM)

%.qm: %.ts
	$(VENV)/bin/pyside6-lrelease -silent $< -qm $@

lint:
	@scripts/bootstrap.sh test
	$(PY) -c 'import mypy, ruff' 2>/dev/null || $(PY) -m pip install -q -e '.[dev]'
	$(VENV)/bin/ruff check src tests
	$(VENV)/bin/mypy src tests

clean:
	rm -rf $(VENV) build dist *.egg-info
