"""Every check of assignments.checks: it passes on the right value and fails with its message."""

import numpy as np
import pytest

from assignments import checks
from assignments.checks import CheckError


def fails(match: str):
    return pytest.raises(CheckError, match=match)


def test_check_error_is_an_assertion_error_so_nbgrader_counts_a_failure():
    assert issubclass(CheckError, AssertionError)


# ------------------------------------------------------------------------------ call


def test_call_returns_the_result():
    assert checks.call(lambda x, y=1: x + y, 2, y=3) == 5


def test_call_explains_not_implemented():
    def zero_pad(X, pad):
        raise NotImplementedError()

    with fails(r"^zero_pad is not implemented yet: replace `raise NotImplementedError\(\)`"):
        checks.call(zero_pad, None, 1)


def test_call_explains_the_numpy2_float_of_an_array():
    def conv_single_step(a, W, b):
        return float(np.sum(a * W)) + float(b)

    with fails(r"conv_single_step tried to turn an array into a single number .* b\.item\(\)"):
        checks.call(conv_single_step, np.ones((2, 2, 1)), np.ones((2, 2, 1)), np.ones((1, 1, 1)))


def test_call_lets_other_errors_through_unchanged():
    def broken():
        raise TypeError("unsupported operand")

    with pytest.raises(TypeError, match="^unsupported operand$"):
        checks.call(broken)


# ------------------------------------------------------------------------------ structure


def test_check_type():
    checks.check_type("cache", (1, 2), tuple)
    with fails(r"^cache should be a tuple, but it is a list\. Return a tuple\.$"):
        checks.check_type("cache", [1, 2], tuple, hint="Return a tuple.")
    with fails(r"^Z should be a float or int, but it is a numpy\.ndarray of shape \(1, 1\) "):
        checks.check_type("Z", np.zeros((1, 1)), (float, int))


def test_check_shape_names_both_shapes_and_the_hint():
    checks.check_shape("dA_prev", np.zeros((10, 5, 7, 4)), (10, 5, 7, 4))
    with fails(
        r"^dA_prev has shape \(10, 4, 4, 3\), expected \(10, 5, 7, 4\)\. "
        r"Did you remove the padding\?$"
    ):
        checks.check_shape(
            "dA_prev", np.zeros((10, 4, 4, 3)), (10, 5, 7, 4), hint="Did you remove the padding?"
        )


def test_check_shape_of_something_that_is_not_an_array():
    with fails(r"^x_pad should be a ndarray, but it is a list\.$"):
        checks.check_shape("x_pad", [[0.0]], (1, 1))


def test_check_dtype():
    checks.check_dtype("A", np.zeros(3), "f")
    with fails(r"^mask has dtype int64, expected a boolean array\.$"):
        checks.check_dtype("mask", np.zeros(3, dtype=np.int64), "b")
    with fails(r"^a has dtype int64, expected a floating point array\. Divide with /\.$"):
        checks.check_dtype("a", np.array([1, 2]), "f", hint="Divide with /.")


def test_check_finite_says_where_the_first_nan_is():
    checks.check_finite("cost", np.array([1.0, 2.0]))
    value = np.array([[1.0, 2.0], [np.inf, np.nan]])
    with fails(r"^AL contains 2 NaN or infinite value\(s\); the first is inf at index \(1, 0\)\."):
        checks.check_finite("AL", value)


def test_check_scalar():
    checks.check_scalar("Z", np.float64(1.5))
    checks.check_scalar("Z", 2.0)
    with fails(r"^Z should be a single number, but it is a numpy\.ndarray of shape \(1, 1, 1\)"):
        checks.check_scalar("Z", np.zeros((1, 1, 1)))
    with fails(r"^Z should be a single real number, but it is a str\.$"):
        checks.check_scalar("Z", "1.0")
    with fails(r"^Z should be a single real number, but it is a bool\.$"):
        checks.check_scalar("Z", True)


def test_check_keys_names_missing_and_extra_keys():
    checks.check_keys("grads", {"dW1": 0, "db1": 0}, ["dW1", "db1"])
    with fails(
        r"^grads has missing key\(s\) 'db1' and unexpected key\(s\) 'dB1'; "
        r"expected exactly \['dW1', 'db1'\]\.$"
    ):
        checks.check_keys("grads", {"dW1": 0, "dB1": 0}, ["dW1", "db1"])
    with fails(r"^grads should be a Mapping, but it is a list\.$"):
        checks.check_keys("grads", [], ["dW1"])


# ------------------------------------------------------------------------------ values


def test_decimals_of():
    assert checks.decimals_of("-6.99908945068") == 11
    assert checks.decimals_of("0.0489952035289") == 13
    assert checks.decimals_of("8") == 0
    assert checks.decimals_of("7.814075313343006e-11") == 26


def test_check_close_to_the_printed_digits_of_a_string():
    checks.check_close("Z", -6.999089450680221, "-6.99908945068")
    checks.check_close("Z", -6.999089450684, "-6.99908945068")  # 4e-12 < half a unit (5e-12)
    with fails(r"^Z is -6.99908945069, expected -6.99908945068 \(to 11 decimals\)\.$"):
        checks.check_close("Z", -6.99908945069, "-6.99908945068")


def test_check_close_accepts_numpy_scalars_and_0d_arrays():
    checks.check_close("cost", np.float64(0.5), 0.5)
    checks.check_close("cost", np.array(0.5), 0.5)
    with fails(r"^cost should be a single number, but it is a numpy\.ndarray of shape \(1, 1\)"):
        checks.check_close("cost", np.array([[0.5]]), 0.5)


def test_check_close_reports_nan_scalar():
    with fails(r"^cost is nan, expected 0\.5\.$"):
        checks.check_close("cost", float("nan"), 0.5)


def test_check_close_arrays_name_the_first_wrong_entry():
    expected = [[1.0, 2.0], [3.0, 4.0]]
    checks.check_close("A", np.array(expected) + 4e-9, expected)
    got = np.array([[1.0, 2.0], [3.5, 4.5]])
    with fails(
        r"^A differs from the expected values at 2 of 4 entries; the first is A\[1, 0\] = 3\.5, "
        r"expected 3\.0 \(to 8 decimals\)\. Check the stride\.$"
    ):
        checks.check_close("A", got, expected, hint="Check the stride.")


def test_check_close_arrays_check_shape_and_finiteness_first():
    with fails(r"^A has shape \(3,\), expected \(2,\)\.$"):
        checks.check_close("A", np.zeros(3), [0.0, 0.0])
    with fails(r"^A contains 1 NaN or infinite value\(s\)"):
        checks.check_close("A", np.array([np.nan, 0.0]), [0.0, 0.0])


def test_agrees_never_raises():
    assert checks.agrees(0.048995203528855794, "0.0489952035289")
    assert not checks.agrees(0.05, "0.0489952035289")
    assert not checks.agrees(np.zeros(3), "0.1")
    assert not checks.agrees("text", 0.1)


def test_check_equal():
    checks.check_equal("mask", np.array([True, False]), np.array([True, False]))
    with fails(
        r"^mask differs from the expected array at 1 of 2 entries; the first is mask\[1\] = "
        r"np\.True_, expected np\.False_\.$"
    ):
        checks.check_equal("mask", np.array([True, True]), np.array([True, False]))
    with fails(r"^len\(cache\) is 3, expected 4\. The cache is a 4-tuple\.$"):
        checks.check_equal("len(cache)", 3, 4, hint="The cache is a 4-tuple.")


# ------------------------------------------------------------------------------ mutation


def test_unchanged_passes_when_inputs_are_left_alone():
    x = np.arange(4.0)
    params = {"W": np.ones(2), "sizes": [1, 2]}
    with checks.unchanged("f", X=x, parameters=params):
        _ = x + 1
    assert x.tolist() == [0.0, 1.0, 2.0, 3.0]


def test_unchanged_catches_an_in_place_update():
    x = np.arange(4.0)
    with (
        fails(r"^zero_pad modified its input X in place\. .* \(X\.copy\(\)\)"),
        checks.unchanged("zero_pad", X=x),
    ):
        x += 1


def test_unchanged_catches_a_changed_dictionary_entry():
    params = {"W1": np.ones((2, 2)), "b1": np.zeros((2, 1))}
    with (
        fails(r"^update_parameters modified its .* \(copy\.deepcopy\(parameters\)\) "),
        checks.unchanged("update_parameters", parameters=params),
    ):
        params["W1"] -= 0.1


def test_check_unchanged_on_tuples_and_nan():
    nan = np.array([np.nan, 1.0])
    checks.check_unchanged("f", "cache", (nan.copy(), {"stride": 1}), (nan, {"stride": 1}))
    with fails(r"^f modified its input cache in place"):
        checks.check_unchanged("f", "cache", (1, {"stride": 1}), (1, {"stride": 2}))
