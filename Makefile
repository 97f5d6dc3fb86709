# The two commands of the README, each with its own virtual environment built from the
# pinned requirements (created on first use, rebuilt when requirements.txt changes).
#
#   make demo   fetch + verify data, build releases, autograde the sample class, write grades
#   make test   ruff, unit tests, release-sync test, sample-class scores, nbval on source/
#               (adds the test-only requirements-test.txt to the venv)

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
# nbgrader calls `alembic` and Jupyter finds kernels through PATH: use the venv's first.
export PATH := $(abspath $(BIN)):$(PATH)
# OpenBLAS's Haswell kernels on every machine: the source notebooks' stored outputs round the
# same wherever nbval checks them (see instructor/course/grading/build.py).
export OPENBLAS_CORETYPE ?= Haswell

.PHONY: demo test venv clean

# Two packages by audience: the student package (the root project, `assignments`) and the
# instructor package (instructor/, `course`: grading, the course command, sample classes).
$(VENV)/.installed: requirements.txt pyproject.toml instructor/pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -r requirements.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	$(BIN)/python -m pip install --quiet --no-deps -e instructor
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed requirements-test.txt
	$(BIN)/python -m pip install --quiet -r requirements-test.txt
	touch $@

venv: $(VENV)/.installed

demo: $(VENV)/.installed
	$(BIN)/course demo

test: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check assignments instructor tests
	$(BIN)/python -m pytest --nbval tests source -p no:cacheprovider --durations=40

clean:
	rm -rf $(VENV) gradebook.db reports autograded/*/ submitted/*/ feedback/*/
