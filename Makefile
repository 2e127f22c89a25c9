# `make test` runs this repository's whole test suite; `make help` lists the rest.
.DEFAULT_GOAL := help
.PHONY: help install new test test-fast lint

# uv from PATH, or a private copy installed into .tools/ on first use.
UV := $(or $(shell command -v uv 2>/dev/null),$(CURDIR)/.tools/bin/uv)
UV_DEP := $(filter $(CURDIR)/.tools/bin/uv,$(UV))
# Install packages precompiled: where PYTHONDONTWRITEBYTECODE is set, every run would
# otherwise compile every import from source (seconds per command).
export UV_COMPILE_BYTECODE := 1
# Generated projects call `uv` by name: put the one we use on their PATH.
export PATH := $(dir $(UV)):$(PATH)

help:  ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F ':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(CURDIR)/.tools/bin/uv:
	python3 -m venv .tools
	.tools/bin/pip install --quiet "uv>=0.5"

install: $(UV_DEP)  ## Install the template's test tools into .venv
	$(UV) sync

DEST ?= ../my-site
# ARGS: more `copier copy` options, e.g. ARGS=--defaults: every default, no questions,
# so no terminal is needed (CI, scripts).
ARGS ?=
new: install  ## Generate a project into DEST (default ../my-site), answering the questions (ARGS=--defaults: none), then run it
	$(UV) run copier copy --trust $(ARGS) "$(CURDIR)" "$(DEST)"
	$(MAKE) -C "$(DEST)" dev

lint: install  ## Lint the template's own Python
	$(UV) run ruff check .
	$(UV) run ruff format --check .

test: lint  ## Everything: renders, validators, and generated projects' make test/check/dev
	$(UV) run pytest -n 2 --dist loadgroup

test-fast: install  ## Renders and validators only (seconds)
	$(UV) run pytest -n 2 -m "not slow"
