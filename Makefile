# The two commands of the README: `make run` and `make test`. Everything is installed into .venv.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP_RUN := $(VENV)/.installed-run
STAMP_TEST := $(VENV)/.installed-test

.PHONY: run test test-quick serve eval deploy-run

# Installer output goes to $(INSTALL_LOG) and is shown only when the install fails.
INSTALL_LOG := $(VENV)/install.log
QUIET_INSTALL = $(BIN)/python -m pip install --quiet --disable-pip-version-check

$(BIN)/python:
	@echo "creating $(VENV) and installing (log: $(INSTALL_LOG)) ..."
	@$(PYTHON) -m venv $(VENV)
	@$(QUIET_INSTALL) --upgrade pip >$(INSTALL_LOG) 2>&1 || { cat $(INSTALL_LOG); exit 1; }

# `make run` installs the Parquet output too, so every output the README shows works after it.
$(STAMP_RUN): pyproject.toml | $(BIN)/python
	@echo "installing pipeline into $(VENV) ..."
	@$(QUIET_INSTALL) -e '.[flows,parquet]' >>$(INSTALL_LOG) 2>&1 || { cat $(INSTALL_LOG); exit 1; }
	@touch $@

$(STAMP_TEST): pyproject.toml | $(BIN)/python
	@echo "installing pipeline and its test tools into $(VENV) ..."
	@$(QUIET_INSTALL) -e '.[flows,parquet,test]' >>$(INSTALL_LOG) 2>&1 || { cat $(INSTALL_LOG); exit 1; }
	@touch $@ $(STAMP_RUN)

# Prefect for `make run` and `make serve`: its home (database, logs) in the ignored .prefect/,
# no telemetry (the server's analytics would try the network), and the server writing task
# runs and events 500 at a time (its CPU fell 3.6x here). Override on the command line.
PREFECT_LOCAL = $(CURDIR)/.prefect
run serve: export PREFECT_HOME = $(PREFECT_LOCAL)
run serve: export PREFECT_SERVER_ANALYTICS_ENABLED = false
run serve: export PREFECT_SERVER_SERVICES_TASK_RUN_RECORDER_BATCH_SIZE = 500
run serve: export PREFECT_SERVER_SERVICES_EVENT_PERSISTER_BATCH_SIZE = 500
# `make serve`'s schedule: every hour unless given, e.g. make serve CRON='*/5 * * * *'.
CRON ?= 0 * * * *
# The folders `make run` and `make serve` clean from and into.
RAW ?= raw
CLEAN ?= clean

# One run of the Prefect flow over $(RAW) into $(CLEAN) (offline; inputs unchanged since the last
# run are skipped). Against an existing server: PREFECT_API_URL=http://host:4200/api make run
run: $(STAMP_RUN)
	$(BIN)/python -m flows.run '$(RAW)' '$(CLEAN)'

# Serve the flow on the CRON schedule: starts a Prefect server on 127.0.0.1:4200 (or uses
# PREFECT_API_URL's), waits for it, then runs scheduled cleans until Ctrl-C or SIGTERM.
serve: $(STAMP_RUN)
	$(BIN)/python -m flows.serve --cron '$(CRON)' --raw '$(RAW)' --clean '$(CLEAN)'

# One run of the served deployment now, from another shell while `make serve` runs (against
# its server, or PREFECT_API_URL's). Prefect's own printed hint lacks the server address.
deploy-run: export PREFECT_HOME = $(PREFECT_LOCAL)
deploy-run: $(STAMP_RUN)
	PREFECT_API_URL=$${PREFECT_API_URL:-http://127.0.0.1:4200/api} $(BIN)/prefect deployment run 'clean-raw-folder/clean-raw-on-schedule'

test: $(STAMP_TEST)
	$(BIN)/python -m pytest -q

# The evaluation gate: the shared yardstick (../shared/tools/score.py) on every set, failing when
# a figure falls below its floor in tests/eval_floors.json.
eval: $(STAMP_RUN)
	$(BIN)/python tests/eval_gate.py --cmd $(BIN)/pipeline

test-quick: $(STAMP_TEST)
	$(BIN)/python -m pytest -q -m 'not flow'
