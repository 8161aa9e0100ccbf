# Everything a fresh machine needs goes through these targets.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
DEMO_DB ?= demo.db

PO     := netralitas/locale/id/LC_MESSAGES/netralitas.po
MO     := $(PO:.po=.mo)

.PHONY: install test demo bench clean i18n i18n-check

$(BIN)/netralitas: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	@touch $@

# The compiled catalog is a build product: remade whenever the .po changes.
$(MO): $(PO) $(BIN)/netralitas
	$(BIN)/pybabel compile -d netralitas/locale -D netralitas --statistics 2>&1 | grep -v '^compiling' || true
	@test -f $@ && touch $@

install: $(BIN)/netralitas $(MO)

# After adding or changing text people read: extract every _() (and Click's and Typer's words) and
# merge them into the Indonesian catalog; new ones arrive empty, changed ones fuzzy. Translate them in
# the .po, then `make i18n-check` (or the test suite) lists what is still untranslated, with file:line.
i18n: install
	$(BIN)/python tools/i18n.py pot build/i18n/netralitas.pot
	$(BIN)/pybabel update -i build/i18n/netralitas.pot -d netralitas/locale -D netralitas -l id -w 120
	$(MAKE) $(MO)
	-$(BIN)/python tools/i18n.py check

i18n-check: install
	$(BIN)/python tools/i18n.py check

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
	rm -rf $(VENV) build $(MO) dist *.egg-info .pytest_cache $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm
