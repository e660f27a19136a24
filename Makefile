# rehab-odoo developer commands. The logic lives in scripts/*.sh.
#   make setup                     .venv + wkhtmltopdf + chromium
#   make run                       database "rehab" with demo data, served on :8069
#   make test                      lint + install + pytest-odoo (the CI command)
#   make test ARGS='-k test_name'  one test (SKIP_LINT=1 SKIP_INSTALL=1 for speed)
#   make lint                      ruff, pylint-odoo, oca-checks-*
# Variables are passed to the scripts through the environment, e.g.
#   make test ODOO_SRC=~/src/odoo-18.0 TEST_DB=rehab_test2
SHELL := /bin/bash
.DEFAULT_GOAL := help
ARGS ?=

# (make hands command-line and environment variables to the scripts by itself)

.PHONY: help setup run test lint

help:
	@sed -n '2,8p' $(firstword $(MAKEFILE_LIST)) | sed 's/^# \{0,1\}//'

setup:
	scripts/setup.sh

run:
	scripts/run.sh $(ARGS)

test:
	scripts/test.sh $(ARGS)

lint:
	scripts/lint.sh
