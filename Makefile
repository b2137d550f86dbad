# Frontoffice: `make run` to try it, `make test` to check it.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
export FRONTOFFICE_DATA_DIR ?= $(CURDIR)/var

.PHONY: run test install dev lock lint format messages bench screenshots clean

$(BIN)/frontoffice: pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c constraints.txt -e .
	@touch $@

install: $(BIN)/frontoffice

$(VENV)/.dev: $(BIN)/frontoffice
	$(BIN)/pip install --quiet -c constraints.txt -e ".[dev]"
	@touch $@

# Developers: after changing dependencies in pyproject.toml, pin what was resolved.
lock: dev
	$(BIN)/pip install --quiet --upgrade -e ".[dev]"
	{ echo "# Exact versions that make run, make test and CI install (pip install -c constraints.txt)."; \
	  echo "# Regenerate after changing pyproject.toml: make lock"; \
	  $(BIN)/pip freeze --exclude-editable | grep -v "^-e\|frontoffice"; } > constraints.txt

dev: $(VENV)/.dev

run: install
	$(BIN)/frontoffice migrate --noinput
	$(BIN)/frontoffice demo --if-empty
	$(BIN)/frontoffice serve --host 127.0.0.1 --port 8000

test: dev
	$(BIN)/python -m frontoffice.testing

lint: dev
	$(BIN)/ruff check src bench
	$(BIN)/ruff format --check src bench

format: dev
	$(BIN)/ruff check --fix src bench
	$(BIN)/ruff format src bench

# Developers only: needs GNU gettext (apt-get install gettext).
messages: dev
	cd src/frontoffice && ../../$(BIN)/frontoffice makemessages -l nl -l de -l pl -l es --no-obsolete --no-location -i conftest.py -i "*/tests/*" -i liveserver.py -i testing.py
	$(BIN)/python -m frontoffice.core.i18n compile

bench: dev
	$(BIN)/python bench/run.py

screenshots: dev
	$(BIN)/python bench/screenshots.py

clean:
	rm -rf $(VENV) var build *.egg-info
