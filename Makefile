# The course's two entry points: `make lab` (open the course) and `make test` (run the whole suite).
# Needs only python3 and make; the real-kernel tests also need the Debian packages named in README.md.

PYTHON  ?= python3
VENV    := .venv
BIN     := $(VENV)/bin
STAMP   := $(VENV)/.installed-stamp
HOST    ?= 127.0.0.1
PORT    ?= 8888
# pytest workers: 2 cores on CI, each test file kept on one worker (module-scoped clusters);
# `make test PYTEST_WORKERS=0` runs in one process
PYTEST_WORKERS ?= 2
PYTEST_ARGS    ?=
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root,)

.PHONY: all lab release test venv clean help

all: help

help:
	@echo "make lab      create .venv, install the course, release the student notebooks, start JupyterLab"
	@echo "make test     create/update .venv, run the whole test suite"
	@echo "make venv     only create/update .venv"
	@echo "make release  regenerate the student version of every chapter into release/ (overwrites it)"
	@echo "make clean    remove .venv and nbgrader's working folders"

# The venv is (re)installed only when pyproject.toml changed since the last install.
$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $@

venv: $(STAMP)

# `make release` regenerates every student version (overwriting release/); `make lab` only adds
# the missing ones, so work a student did in release/ survives the next `make lab`.
release: $(STAMP)
	$(BIN)/python -m course_lib.grading release

lab: $(STAMP)
	$(BIN)/python -m course_lib.grading release --missing
	@echo
	@echo "Starting JupyterLab on the student versions in release/ (Ctrl-C to stop)."
	@echo "Open the URL printed below (http://$(HOST):$(PORT)/lab?token=...)."
	@echo
	JUPYTER_CONFIG_PATH=$(CURDIR)/autograder $(BIN)/jupyter lab --no-browser --ip=$(HOST) --port=$(PORT) $(ROOT_FLAG) \
	    --ServerApp.root_dir=release

# pytest's exit code 5 means "no tests were collected": that is a failure here.
test: $(STAMP)
	@rc=0; $(BIN)/python -m pytest $(if $(filter 0,$(PYTEST_WORKERS)),,-n $(PYTEST_WORKERS) --dist loadfile) $(PYTEST_ARGS) || rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "make test: pytest collected no tests; failing."; exit 1; fi; \
	exit $$rc

clean:
	rm -rf $(VENV) release submitted autograded feedback gradebook.db
