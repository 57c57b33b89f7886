# `make run` and `make test` set everything up themselves (see scripts/bootstrap.sh).
VENV := .venv
PY := $(VENV)/bin/python
TS := $(wildcard src/mycrm/resources/translations/*.ts)
QM := $(TS:.ts=.qm)

.PHONY: run test bench translations lint clean

run:
	@scripts/bootstrap.sh run
	$(PY) -m mycrm

test:
	@scripts/bootstrap.sh test
	QT_QPA_PLATFORM=offscreen MYCRM_NO_EXCEPTHOOK=1 $(PY) -m pytest -q -p no:cacheprovider

bench:
	@scripts/bootstrap.sh test
	QT_QPA_PLATFORM=offscreen $(PY) bench/run.py

translations: $(QM)

%.qm: %.ts
	$(VENV)/bin/pyside6-lrelease -silent $< -qm $@

lint:
	$(VENV)/bin/ruff check src tests
	$(VENV)/bin/mypy src

clean:
	rm -rf $(VENV) build dist *.egg-info
