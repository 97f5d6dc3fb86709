"""The output budgets of HardenedExecute, without a kernel: text and figures apart."""

from __future__ import annotations

from assignments.grading.execute import HardenedExecute


def _message(msg_type: str, content: dict) -> dict:
    header = {"msg_type": msg_type}
    return {"header": header, "parent_header": {}, "msg_type": msg_type, "content": content}


def _stream(text: str) -> dict:
    return _message("stream", {"name": "stdout", "text": text})


def _figure(png: str) -> dict:
    return _message("display_data", {"data": {"image/png": png}, "metadata": {}})


def _executor() -> HardenedExecute:
    executor = HardenedExecute(max_output_bytes=200, max_display_bytes=2_000)
    executor._output_bytes = {}
    executor._truncated = set()
    executor.clear_before_next_output = False
    return executor


def test_a_figure_larger_than_the_text_budget_is_kept():
    executor, outs = _executor(), []
    executor.output(outs, _stream("x" * 100), None, 0)
    executor.output(outs, _figure("A" * 1_500), None, 0)
    assert [o.output_type for o in outs] == ["stream", "display_data"]
    assert outs[1].data["image/png"] == "A" * 1_500


def test_text_and_figures_are_cut_at_their_own_budget_with_one_notice_each():
    executor, outs = _executor(), []
    for _ in range(5):
        executor.output(outs, _stream("y" * 100), None, 0)
    for _ in range(3):
        executor.output(outs, _figure("B" * 900), None, 0)
    texts = [o.text for o in outs if o.output_type == "stream"]
    assert texts == [
        "y" * 100,
        "\n[output truncated: this cell printed more than 200 bytes]\n",
        "\n[output truncated: this cell displayed more than 2000 bytes]\n",
    ]
    assert sum(o.output_type == "display_data" for o in outs) == 2


def test_each_cell_has_its_own_budget():
    executor, outs = _executor(), []
    executor.output(outs, _stream("z" * 150), None, 0)
    executor.output(outs, _stream("z" * 150), None, 1)
    assert [o.text for o in outs] == ["z" * 150, "z" * 150]
