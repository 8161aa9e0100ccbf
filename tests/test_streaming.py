"""`list --format json` streams: the same bytes as one json.dumps of the whole list."""

import pytest

from netralitas import render


@pytest.mark.parametrize("data", [[], [{"a": 1, "b": [1, 2], "c": {"x": "y\nz"}}], [{"a": []}, {}, {"b": {}}]])
def test_stream_json_writes_what_print_json_writes(data, capsys):
    render.print_json(data)
    whole = capsys.readouterr().out
    assert render.stream_json(iter(data)) == len(data)
    assert capsys.readouterr().out == whole
