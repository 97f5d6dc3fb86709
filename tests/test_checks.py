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
    # |v - e| <= half a unit of the last printed digit + RTOL_FLOAT64 * |e|
    checks.check_close("Z", -6.999089450680221, "-6.99908945068")
    limit = 0.5e-11 + checks.RTOL_FLOAT64 * 6.99908945068
    checks.check_close("Z", -6.99908945068 - 0.99 * limit, "-6.99908945068")
    with fails(r"^Z is -6.99908946, expected -6.99908945068\.$"):
        checks.check_close("Z", -6.99908946, "-6.99908945068")


def test_check_close_never_asks_for_the_last_bit_of_a_16_digit_value():
    # np.dot and np.sum round the last bit of the textbook cost differently
    checks.check_close("cost", 0.27977656357934214, "0.2797765635793422")
    checks.check_close("cost", 0.2797765635793422 * (1 + 5e-10), "0.2797765635793422")
    with fails(r"^cost is 0\.27977656\d*, expected 0\.2797765635793422\.$"):
        checks.check_close("cost", 0.2797765635793422 * (1 + 3e-9), "0.2797765635793422")


def test_tolerance_is_normwise_and_by_the_precision_of_the_value():
    expected = np.array([[100.0, 1e-6]])
    # an entry that is small because large terms cancel gets the tolerance of its array
    assert checks.tolerance(expected) == checks.RTOL_FLOAT64 * 100.0
    assert checks.tolerance(expected, np.float32(1)) == checks.RTOL_FLOAT32 * 100.0
    assert checks.tolerance(np.zeros(3)) == checks.RTOL_FLOAT64 * checks.FLOOR
    assert checks.tolerance(2.0, digits=8) == 0.5e-8 + checks.RTOL_FLOAT64 * 2.0
    exact = np.array([1.0, -3.0])
    checks.check_close("x", exact.astype(np.float32) * np.float32(1 + 5e-5), exact)
    with fails(r"^x differs from the expected values at 1 of 2 entries"):
        checks.check_close("x", exact * (1 + np.array([0.0, 5e-5])), exact)


def test_hints_are_shown_only_when_the_failure_matches_them():
    hints = [
        checks.if_scaled(4.0, "Divide by m."),
        checks.if_negated("Mind the sign."),
        checks.if_not_finite("log(0) overflowed."),
        checks.if_matches([[1.0, 1.0]], "That is the mean over classes."),
    ]
    expected = [[0.25, 0.5]]
    with fails(r"^A differs .* expected 0\.25 \(to 8 decimals\)\. Divide by m\.$"):
        checks.check_close("A", np.array([[1.0, 2.0]]), expected, hint=hints)
    with fails(r"\(to 8 decimals\)\. Mind the sign\.$"):
        checks.check_close("A", np.array([[-0.25, -0.5]]), expected, hint=hints)
    with fails(r"NaN or infinite value.*log\(0\) overflowed\.$"):
        checks.check_close("A", np.array([[np.inf, 0.5]]), expected, hint=hints)
    with fails(r"\(to 8 decimals\)\. That is the mean over classes\.$"):
        checks.check_close("A", np.array([[1.0, 1.0]]), expected, hint=hints)
    with fails(r"expected 0\.25 \(to 8 decimals\)\.$"):  # no hint fits: none is shown
        checks.check_close("A", np.array([[0.3, 0.5]]), expected, hint=hints)
    with fails(r"^cost is 2\.0, expected 0\.5 \(to 8 decimals\)\. Divide by m\.$"):
        checks.check_close("cost", 2.0, 0.5, hint=checks.if_scaled(4.0, "Divide by m."))


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


def test_fix_first_names_the_dependency_and_what_is_wrong_with_it():
    with (
        fails(
            r"^linear_activation_forward calls your linear_forward, which does not pass its own "
            r"test yet: Z is 2\.0, expected 1\.0 \(to 8 decimals\)\. Fix linear_forward first "
            r"\(run its test cell\), then run this test again\.$"
        ),
        checks.fix_first("linear_forward", "linear_activation_forward"),
    ):
        checks.check_close("Z", 2.0, 1.0)
    with (
        fails(r"calls your zero_pad, which does not pass its own test yet: .*NotImplementedError"),
        checks.fix_first("zero_pad", "conv_forward"),
    ):
        checks.call(lambda: (_ for _ in ()).throw(NotImplementedError()))
    with checks.fix_first("zero_pad", "conv_forward"):
        checks.check_close("Z", 1.0, 1.0)


def test_use_versions_puts_the_replaced_functions_back():
    namespace = {"f": len}
    restore = checks.use_versions(namespace, f=abs, g=min)
    assert namespace == {"f": abs, "g": min}
    restore()
    assert namespace == {"f": len}
