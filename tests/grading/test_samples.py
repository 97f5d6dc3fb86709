"""Variant files become the notebooks a sample student would submit."""

import nbformat
import pytest
from course.grading import samples

from tests.conftest import CONV_FUNCTIONS as FUNCTIONS
from tests.conftest import CONV_RELEASE as RELEASE
from tests.conftest import CONV_SOURCE as SOURCE
from tests.conftest import CONV_VARIANTS as VARIANTS


def _cells(text):
    return {c.id: c.source for c in nbformat.reads(text, as_version=4).cells}


def test_reference_is_the_source_solution_without_markers():
    cells = _cells(
        samples.build_notebook(samples.load_variant(VARIANTS / "reference.py"), RELEASE, SOURCE)
    )
    source = {c.id: c.source for c in nbformat.read(SOURCE, 4).cells}
    assert cells["zero_pad"] == source["zero_pad"].replace("    ### BEGIN SOLUTION\n", "").replace(
        "    ### END SOLUTION\n", ""
    )
    functions = "".join(cells[name] for name in FUNCTIONS)
    assert "BEGIN SOLUTION" not in functions and "raise NotImplementedError()" not in functions
    # test cells stay the release's (no hidden tests)
    assert "BEGIN HIDDEN" not in cells["test_conv_forward"]
    assert cells["test_conv_forward"] == _cells(RELEASE.read_text())["test_conv_forward"]


def test_blank_is_the_release():
    text = samples.build_notebook(samples.load_variant(VARIANTS / "blank.py"), RELEASE, SOURCE)
    assert _cells(text) == _cells(RELEASE.read_text())


def test_a_variant_replaces_only_its_function():
    variant = samples.load_variant(VARIANTS / "float_bias_numpy2.py")
    assert variant.name == "float-bias-numpy2"
    assert variant.description.startswith("conv_single_step uses the old hint Z + float(b)")
    assert list(variant.functions) == ["conv_single_step"]
    cells = _cells(samples.build_notebook(variant, RELEASE, SOURCE))
    reference = _cells(
        samples.build_notebook(samples.load_variant(VARIANTS / "reference.py"), RELEASE, SOURCE)
    )
    assert cells["conv_single_step"].startswith(
        "# GRADED FUNCTION: conv_single_step\n\ndef conv_single_step("
    )
    assert "Z = Z + float(b)" in cells["conv_single_step"]
    assert {k: v for k, v in cells.items() if k != "conv_single_step"} == {
        k: v for k, v in reference.items() if k != "conv_single_step"
    }


def test_deleted_cells_and_raw_text():
    deleted = _cells(
        samples.build_notebook(
            samples.load_variant(VARIANTS / "deleted_pool_forward_cell.py"), RELEASE, SOURCE
        )
    )
    assert "pool_forward" not in deleted and "test_pool_forward" in deleted
    raw = samples.build_notebook(
        samples.load_variant(VARIANTS / "corrupt_json.py"), RELEASE, SOURCE
    )
    assert raw.startswith('{\n "cells": [') and len(raw) == 85


def test_unknown_function_and_bad_base_are_refused(tmp_path):
    bad = tmp_path / "typo.py"
    bad.write_text("def conv_fwd(A_prev, W, b, hparameters):\n    return None\n")
    with pytest.raises(ValueError, match=r"variant typo: conv_fwd is not a graded function of "):
        samples.build_notebook(samples.load_variant(bad), RELEASE, SOURCE)
    bad.write_text('BASE = "solutions"\n')
    with pytest.raises(
        ValueError, match=r"typo.py: BASE must be 'solution' or 'release', not 'solutions'\."
    ):
        samples.load_variant(bad)
