# Everything a fresh machine needs goes through these targets.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
DEMO_DB ?= demo.db

.PHONY: install test demo bench clean

$(BIN)/netralitas: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	@touch $@

install: $(BIN)/netralitas

test: install
	$(BIN)/python -m pytest -q

demo: install
	rm -f $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm
	$(BIN)/netralitas import --db $(DEMO_DB) data/examples/kasus.yaml data/examples/kasus.csv data/examples/kasus.xlsx
	$(BIN)/netralitas sosialisasi import --db $(DEMO_DB) data/examples/sosialisasi.yaml
	$(BIN)/netralitas pantau import --db $(DEMO_DB) data/examples/pantau.csv
	$(BIN)/netralitas rekap import --db $(DEMO_DB) data/examples/rekap.yaml
	$(BIN)/netralitas report --db $(DEMO_DB)
	$(BIN)/netralitas report --db $(DEMO_DB) --kab kukar
	$(BIN)/netralitas report --db $(DEMO_DB) --kab ppu
	$(BIN)/netralitas report --db $(DEMO_DB) --pencegahan

bench: install
	$(BIN)/pip install --quiet -e '.[bench]'
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm
