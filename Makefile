# Schoolpoort: `make run` starts the service, `make test` runs every check. Both set up .venv first.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: run test lint typecheck unit install messages benchmarks clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

run: install
	$(BIN)/schoolpoort init
	$(BIN)/schoolpoort run

lint: install
	$(BIN)/ruff check .

typecheck: install
	$(BIN)/mypy .

unit: install
	$(BIN)/pytest -q

test: lint typecheck unit

messages: install
	$(BIN)/pybabel extract -F babel.cfg -k _ -k own -k ngettext:1,2 --no-location \
		--sort-output --omit-header -o berichten/locale/schoolpoort.pot .
	$(BIN)/pybabel update -i berichten/locale/schoolpoort.pot -d berichten/locale -D schoolpoort \
		--no-fuzzy-matching --width=100

benchmarks: install
	for script in benchmarks/*.py; do $(BIN)/python $$script || exit 1; done

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache *.egg-info
