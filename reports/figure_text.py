"""Every string of a Plotly figure made safe to draw: tags from data shown as text, never links or images."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from core.text import plotly_tags_as_text


def literal_figure(fig: go.Figure) -> go.Figure:
    """A copy of `fig` in which every string (titles, axis titles and tick labels, legend names, hover text,
    annotations, category values) keeps only the formatting tags the dashboard writes (core.text): Plotly draws
    a subset of HTML, <a href> links included, in any string, and names come from files and users."""
    return go.Figure(_clean(fig.to_dict()), _validate=False)


def _clean(value: object) -> object:
    if isinstance(value, str):
        return plotly_tags_as_text(value)
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_clean(v) for v in value]
    if isinstance(value, np.ndarray) and value.dtype.kind in "OUS":
        return np.array([_clean(v) for v in value.ravel().tolist()], dtype=object).reshape(value.shape)
    return value
